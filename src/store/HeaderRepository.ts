import { HashKeyedRepository } from './HashKeyedRepository.ts';

/** Block hash → SCALE-encoded header. */
export class HeaderRepository extends HashKeyedRepository {
  protected readonly column = 'headers';
}
