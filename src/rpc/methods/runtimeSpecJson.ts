/** `{type: "valid", spec}` of the new JSON-RPC's runtime events, from `state_getRuntimeVersion`'s JSON. */
export interface RuntimeSpecJson {
  readonly type: 'valid';
  readonly spec: {
    readonly specName: string;
    readonly implName: string;
    readonly specVersion: number;
    readonly implVersion: number;
    readonly transactionVersion: number;
    /** API id (8 bytes as `0x` hex) → version. */
    readonly apis: Record<string, number>;
  };
}

/**
 * Converts the legacy runtime version JSON (`apis` as `[[id, version]…]`) to the spec's
 * `finalizedBlockRuntime`/`newRuntime` value (`apis` as an object).
 *
 * @example
 * runtimeSpecJson(backend.state.runtimeVersion(hash)).spec.apis['0xdf6acb689907609b'] // 5
 */
export function runtimeSpecJson(version: Record<string, unknown>): RuntimeSpecJson {
  const apis: Record<string, number> = {};
  for (const [id, v] of version['apis'] as [string, number][]) apis[id] = v;
  return {
    type: 'valid',
    spec: {
      specName: String(version['specName']),
      implName: String(version['implName']),
      specVersion: Number(version['specVersion']),
      implVersion: Number(version['implVersion']),
      transactionVersion: Number(version['transactionVersion']),
      apis,
    },
  };
}
