import { HashKeyedRepository } from './HashKeyedRepository.ts';

/** Block hash → SCALE-encoded list of extrinsics. */
export class BodyRepository extends HashKeyedRepository {
  protected readonly column = 'bodies';
}
