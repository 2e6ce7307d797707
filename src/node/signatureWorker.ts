import { parentPort } from 'node:worker_threads';
import { initHashing } from '../primitives/hashing.ts';
import { SignatureVerifier, type MultiSignature } from '../primitives/verifySignature.ts';

/** Worker side of SignatureWorkers: verifies batches with the same code as the runtime. */
export interface VerifyRequest {
  readonly id: number;
  readonly items: readonly { readonly signature: MultiSignature; readonly message: Uint8Array; readonly signer: Uint8Array }[];
}

await initHashing();
const verifier = new SignatureVerifier(0);
parentPort!.on('message', (req: VerifyRequest) => {
  parentPort!.postMessage({ id: req.id, results: req.items.map((i) => verifier.verify(i.signature, i.message, i.signer)) });
});
parentPort!.postMessage({ ready: true });
