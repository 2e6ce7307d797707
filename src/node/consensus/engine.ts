/** Engine id of Spindle's pre-runtime digest (round ‖ proposer index, u32 LE each) and of its justifications. */
export const SPINDLE_ENGINE_PRE = 'SPDL';
