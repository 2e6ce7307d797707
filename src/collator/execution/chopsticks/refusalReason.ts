/** `InvalidTransaction` variants (as @polkadot/types names them in JSON) → the reason a feed reports. */
const INVALID: Readonly<Record<string, string>> = {
  call: 'invalid call',
  payment: 'cannot pay fees',
  future: 'future nonce',
  stale: 'stale nonce',
  badProof: 'bad signature',
  ancientBirthBlock: 'ancient birth block',
  exhaustsResources: 'exhausts block resources',
  badMandatory: 'bad inherent',
  mandatoryDispatch: 'inherent not allowed',
  mandatoryValidation: 'inherent not allowed',
  badSigner: 'bad signer',
};

/** `UnknownTransaction` variants → reason. */
const UNKNOWN: Readonly<Record<string, string>> = {
  cannotLookup: 'unknown signer',
  noUnsignedValidator: 'unsigned not allowed',
};

/**
 * Names why the runtime refused a transaction, from the JSON of its `TransactionValidity`
 * (`TaggedTransactionQueue_validate_transaction`'s answer, e.g. `{err: {invalid: {badProof: null}}}`).
 * A transaction valid now that was still refused when applied is reported as `future nonce` when
 * it waits on a nonce, otherwise as `refused when applied at its position`.
 *
 * @example
 * refusalReason({ err: { invalid: { stale: null } } }); // 'stale nonce'
 */
export function refusalReason(validity: unknown): string {
  const result = asRecord(validity);
  const ok = asRecord(result?.['ok']);
  if (ok !== undefined) {
    const requires = ok['requires'];
    return Array.isArray(requires) && requires.length > 0 ? 'future nonce' : 'refused when applied at its position';
  }
  const err = asRecord(result?.['err']);
  for (const [kind, table] of [
    ['invalid', INVALID],
    ['unknown', UNKNOWN],
  ] as const) {
    const variant = asRecord(err?.[kind]);
    if (variant === undefined) continue;
    const [name, value] = Object.entries(variant)[0] ?? ['?', null];
    if (name === 'custom') return `custom ${kind} transaction (${String(value)})`;
    return table[name] ?? `${kind} transaction (${name})`;
  }
  return 'refused by the runtime';
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
