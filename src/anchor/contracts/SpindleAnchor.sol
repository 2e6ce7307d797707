// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity 0.8.30;

/// @title SpindleAnchor
/// @notice Anchors the finalized order of the Spindle relay chain on Ethereum.
///
/// Commitments
/// -----------
/// The relay validators sign a `Commitment` over a contiguous range of relay blocks
/// `[fromBlock, toBlock]`. Its `blocksRoot` is Spindle's keccak binary Merkle root
/// (src/primitives/binaryMerkle.ts) over one leaf per block, in block order:
///
///     blockLeafData(n) = headerHash(n) ‖ paraRoot(n)                     (64 bytes)
///     leaf             = keccak256(0x00 ‖ blockLeafData)
///     node             = keccak256(0x01 ‖ left ‖ right); an odd last node is promoted
///
/// `headerHash` is the relay header's blake2b-256 hash and `paraRoot` the value of the
/// header's `spdl` digest (32 zero bytes for a block without para transactions). Putting
/// paraRoot next to the header hash lets Ethereum check a para slice with keccak only;
/// the relay validators vouch for the pairing by signing the commitment.
/// The leaf of block `n` sits at index `n - fromBlock` of a tree of `toBlock - fromBlock + 1`
/// leaves; the contract derives both, so a proof cannot move a block to another height.
///
/// Signed digest
/// -------------
///     digest = keccak256(abi.encode(DOMAIN_TAG, block.chainid, address(this), genesisHash, c))
/// with `c` ABI-encoded as the static tuple (uint64,uint64,bytes32,uint64,bytes32). The raw
/// digest is signed (no EIP-191 prefix). Signatures are ECDSA secp256k1 with v in {27,28} and
/// low s (s <= n/2), ordered by strictly increasing recovered signer address, and must carry
/// more than 2/3 of the current set's total weight.
///
/// Validator set handover (choice: a separate, permissionless `rotate`)
/// ------------------------------------------------------------------
/// A commitment whose `nextSetHash` is non-zero announces the next set:
/// `nextSetHash = keccak256(abi.encode(next))` for `next` a `ValidatorSet` with
/// `setId = current setId + 1`. After it is anchored, `submit` is closed until anyone calls
/// `rotate(next)` with the matching set; from then on commitments carry the new set id and
/// are signed by the new set. Keeping the set out of `submit` keeps its calldata small on the
/// common path.
contract SpindleAnchor {
    /// keccak256("Spindle.Anchor.Commitment.v1")
    bytes32 public constant DOMAIN_TAG = keccak256("Spindle.Anchor.Commitment.v1");

    /// secp256k1n / 2
    uint256 private constant HALF_CURVE_ORDER =
        0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    struct Commitment {
        uint64 fromBlock;
        uint64 toBlock;
        bytes32 blocksRoot;
        uint64 setId;
        bytes32 nextSetHash;
    }

    struct Signature {
        bytes32 r;
        bytes32 s;
        uint8 v;
    }

    struct Validator {
        address addr;
        uint64 weight;
    }

    /// Validators sorted by strictly increasing address, every weight > 0.
    struct ValidatorSet {
        uint64 setId;
        Validator[] validators;
    }

    struct Range {
        uint64 fromBlock;
        uint64 toBlock;
        uint64 setId;
        bytes32 blocksRoot;
    }

    /// A block of an anchored range, as `verifyParaSlice` takes it.
    struct BlockProof {
        uint64 number;
        bytes32 headerHash;
        bytes32 paraRoot;
        /// Siblings from the leaf level up (promoted levels contribute none).
        bytes32[] proof;
    }

    /// One para's slice in a block's para tree (src/primitives/paraCommitment.ts).
    struct ParaSliceProof {
        uint32 paraId;
        bytes32 sliceRoot;
        uint32 count;
        bytes32[] proof;
        uint256 leafIndex;
        uint256 leafCount;
    }

    error InvalidFirstBlock();
    error InvalidValidatorSet();
    error BadSetId(uint64 expected, uint64 actual);
    error RotationPending(bytes32 nextSetHash);
    error NoRotationPending();
    error SetHashMismatch(bytes32 expected, bytes32 actual);
    error NotContiguous(uint64 expectedFrom, uint64 actualFrom);
    error InvalidRange(uint64 fromBlock, uint64 toBlock);
    error InvalidSignature(uint256 index);
    error MalleableSignature(uint256 index);
    error DuplicateSigner(address signer);
    error UnsortedSigners(uint256 index);
    error UnknownSigner(address signer);
    error InsufficientWeight(uint256 signedWeight, uint256 totalWeight);
    error BlockNotAnchored(uint64 number);
    error RangeNotFound(uint64 fromBlock);
    error RangeIndexOutOfBounds(uint256 index, uint256 count);
    error InvalidProof();
    error EmptyBatch();
    error BatchLengthMismatch(uint256 commitments, uint256 signatureSets);

    event Anchored(uint64 fromBlock, uint64 toBlock, bytes32 blocksRoot, uint64 setId);
    event ValidatorSetRotated(uint64 setId, bytes32 setHash);

    bytes32 public immutable genesisHash;
    uint64 public immutable firstBlock;

    uint64 public setId;
    /// First block the next commitment must start at.
    uint64 public nextBlock;
    uint256 public totalWeight;
    /// Announced by the last commitment and not yet rotated to; zero when none.
    bytes32 public pendingSetHash;

    mapping(uint64 => mapping(address => uint64)) private _weights;
    Range[] private _ranges;

    /// @param genesisHash_ the relay chain's genesis hash (bound into every digest)
    /// @param firstBlock_ the first relay block to anchor; >= 1 (genesis is `genesisHash_`)
    constructor(bytes32 genesisHash_, uint64 firstBlock_, ValidatorSet memory initial) {
        if (firstBlock_ == 0) revert InvalidFirstBlock();
        genesisHash = genesisHash_;
        firstBlock = firstBlock_;
        nextBlock = firstBlock_;
        _install(initial.setId, initial.validators);
    }

    // ------------------------------------------------------------------ writes

    function submit(Commitment calldata c, Signature[] calldata sigs) external {
        _apply(c, sigs);
    }

    /// Applies `cs[0]`, `cs[1]`, … in order, each with the checks of `submit` and signed by
    /// `sigs[i]`, in one transaction (all or nothing): an anchorer that fell behind catches up
    /// with one transaction's base cost. A commitment announcing a handover must be the last
    /// one: any commitment after it reverts with `RotationPending`.
    function submitBatch(Commitment[] calldata cs, Signature[][] calldata sigs) external {
        if (cs.length == 0) revert EmptyBatch();
        if (cs.length != sigs.length) revert BatchLengthMismatch(cs.length, sigs.length);
        for (uint256 i = 0; i < cs.length; ++i) {
            _apply(cs[i], sigs[i]);
        }
    }

    /// Switches to the set announced by the last commitment. Permissionless: the hash authenticates it.
    function rotate(ValidatorSet calldata next) external {
        bytes32 pending = pendingSetHash;
        if (pending == bytes32(0)) revert NoRotationPending();
        bytes32 actual = keccak256(abi.encode(next));
        if (actual != pending) revert SetHashMismatch(pending, actual);
        if (next.setId != setId + 1) revert BadSetId(setId + 1, next.setId);
        pendingSetHash = bytes32(0);
        _install(next.setId, next.validators);
        emit ValidatorSetRotated(next.setId, actual);
    }

    // ------------------------------------------------------------------ views

    /// The digest the validators sign for `c` (see the contract comment).
    function digest(Commitment calldata c) public view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TAG, block.chainid, address(this), genesisHash, c));
    }

    /// Last anchored block; `firstBlock - 1` before the first commitment.
    function latestAnchored() external view returns (uint64) {
        return nextBlock - 1;
    }

    function weightOf(address validator) external view returns (uint64) {
        return _weights[setId][validator];
    }

    function rangeCount() external view returns (uint256) {
        return _ranges.length;
    }

    function rangeAt(uint256 index) external view returns (Range memory) {
        if (index >= _ranges.length) revert RangeIndexOutOfBounds(index, _ranges.length);
        return _ranges[index];
    }

    /// Root of the anchored range that starts exactly at `fromBlock`.
    function rangeRoot(uint64 fromBlock) external view returns (bytes32) {
        (bool found, uint256 index) = _find(fromBlock);
        if (!found || _ranges[index].fromBlock != fromBlock) revert RangeNotFound(fromBlock);
        return _ranges[index].blocksRoot;
    }

    /// The anchored range containing `number`; reverts `BlockNotAnchored` outside every range.
    function rangeOf(uint64 number) public view returns (uint256 index, Range memory range) {
        bool found;
        (found, index) = _find(number);
        if (!found) revert BlockNotAnchored(number);
        range = _ranges[index];
    }

    /// Checks that block `number` with `headerHash` and `paraRoot` is in its anchored range.
    /// Reverts `BlockNotAnchored` or `InvalidProof`.
    function verifyBlock(uint64 number, bytes32 headerHash, bytes32 paraRoot, bytes32[] calldata proof)
        public
        view
    {
        (, Range memory range) = rangeOf(number);
        bytes32 root = merkleRootFromProof(
            abi.encodePacked(headerHash, paraRoot),
            proof,
            number - range.fromBlock,
            uint256(range.toBlock - range.fromBlock) + 1
        );
        if (root != range.blocksRoot) revert InvalidProof();
    }

    /// Checks a para slice (`paraId`, `sliceRoot`, `count`) against a block's para root and that
    /// block against its anchored range. Reverts `BlockNotAnchored` or `InvalidProof`.
    function verifyParaSlice(BlockProof calldata blk, ParaSliceProof calldata para) external view {
        verifyBlock(blk.number, blk.headerHash, blk.paraRoot, blk.proof);
        verifyParaSliceInRoot(
            para.paraId, para.sliceRoot, para.count, para.proof, para.leafIndex, para.leafCount, blk.paraRoot
        );
    }

    /// Checks the para leaf `uint32be(paraId) ‖ sliceRoot ‖ uint32be(count)` against `paraRoot`.
    function verifyParaSliceInRoot(
        uint32 paraId,
        bytes32 sliceRoot,
        uint32 count,
        bytes32[] calldata paraProof,
        uint256 paraIndex,
        uint256 paraCount,
        bytes32 paraRoot
    ) public pure {
        bytes32 root =
            merkleRootFromProof(abi.encodePacked(paraId, sliceRoot, count), paraProof, paraIndex, paraCount);
        if (root != paraRoot) revert InvalidProof();
    }

    /// Spindle's binary Merkle root from a leaf's data and its proof (binaryMerkle.ts
    /// `merkleRootFromProof`), strict: the index must be in range and every sibling used exactly once.
    function merkleRootFromProof(bytes memory leafData, bytes32[] calldata proof, uint256 index, uint256 width)
        public
        pure
        returns (bytes32 hash)
    {
        if (index >= width) revert InvalidProof();
        hash = keccak256(abi.encodePacked(bytes1(0x00), leafData));
        uint256 next = 0;
        while (width > 1) {
            if (index & 1 == 1) {
                if (next >= proof.length) revert InvalidProof();
                hash = keccak256(abi.encodePacked(bytes1(0x01), proof[next++], hash));
            } else if (index + 1 < width) {
                if (next >= proof.length) revert InvalidProof();
                hash = keccak256(abi.encodePacked(bytes1(0x01), hash, proof[next++]));
            }
            index >>= 1;
            width = (width + 1) >> 1;
        }
        if (next != proof.length) revert InvalidProof();
    }

    // ------------------------------------------------------------------ internals

    /// Checks `c` against the current state and its signatures, then records it (see `submit`).
    function _apply(Commitment calldata c, Signature[] calldata sigs) private {
        bytes32 pending = pendingSetHash;
        if (pending != bytes32(0)) revert RotationPending(pending);
        uint64 currentSet = setId;
        if (c.setId != currentSet) revert BadSetId(currentSet, c.setId);
        uint64 expectedFrom = nextBlock;
        if (c.fromBlock != expectedFrom) revert NotContiguous(expectedFrom, c.fromBlock);
        if (c.toBlock < c.fromBlock) revert InvalidRange(c.fromBlock, c.toBlock);

        bytes32 d = digest(c);
        mapping(address => uint64) storage weights = _weights[currentSet];
        uint256 signed;
        address previous;
        for (uint256 i = 0; i < sigs.length; ++i) {
            address signer = _recover(d, sigs[i], i);
            if (signer <= previous) {
                if (signer == previous) revert DuplicateSigner(signer);
                revert UnsortedSigners(i);
            }
            uint64 w = weights[signer];
            if (w == 0) revert UnknownSigner(signer);
            signed += w;
            previous = signer;
        }
        uint256 total = totalWeight;
        if (signed * 3 <= total * 2) revert InsufficientWeight(signed, total);

        _ranges.push(Range(c.fromBlock, c.toBlock, currentSet, c.blocksRoot));
        nextBlock = c.toBlock + 1;
        if (c.nextSetHash != bytes32(0)) pendingSetHash = c.nextSetHash;
        emit Anchored(c.fromBlock, c.toBlock, c.blocksRoot, currentSet);
    }

    function _install(uint64 id, Validator[] memory validators) private {
        if (validators.length == 0) revert InvalidValidatorSet();
        mapping(address => uint64) storage weights = _weights[id];
        uint256 total;
        address previous;
        for (uint256 i = 0; i < validators.length; ++i) {
            Validator memory v = validators[i];
            if (v.addr <= previous || v.weight == 0) revert InvalidValidatorSet();
            weights[v.addr] = v.weight;
            total += v.weight;
            previous = v.addr;
        }
        setId = id;
        totalWeight = total;
    }

    function _recover(bytes32 d, Signature calldata sig, uint256 i) private pure returns (address signer) {
        if (uint256(sig.s) > HALF_CURVE_ORDER) revert MalleableSignature(i);
        if (sig.v != 27 && sig.v != 28) revert InvalidSignature(i);
        signer = ecrecover(d, sig.v, sig.r, sig.s);
        if (signer == address(0)) revert InvalidSignature(i);
    }

    /// Index of the range containing `number` (ranges are contiguous and sorted).
    function _find(uint64 number) private view returns (bool found, uint256 index) {
        uint256 n = _ranges.length;
        if (n == 0 || number < _ranges[0].fromBlock || number > _ranges[n - 1].toBlock) return (false, 0);
        uint256 lo = 0;
        uint256 hi = n - 1;
        while (lo < hi) {
            uint256 mid = (lo + hi + 1) >> 1;
            if (_ranges[mid].fromBlock <= number) lo = mid;
            else hi = mid - 1;
        }
        return (true, lo);
    }
}
