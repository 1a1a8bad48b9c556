// A baseline says which SEC modifications a target implements. The run picks one side of every
// modification from it (@MP178 scenarios when applied, @before:MP178 when not), for the target
// and for the reference alike.

/** The modifications this suite has feature sets for. */
export const MODIFICATIONS = ['MP178', 'MP125', 'MP081', 'MP077', 'SAT'] as const;
export type ModificationId = (typeof MODIFICATIONS)[number];

export class BaselineError extends Error {}

export class Baseline {
  private readonly applied: ReadonlySet<ModificationId>;

  constructor(applied: Iterable<ModificationId>) {
    this.applied = new Set(applied);
  }

  static all(): Baseline {
    return new Baseline(MODIFICATIONS);
  }

  static none(): Baseline {
    return new Baseline([]);
  }

  /**
   * "all" (default), "none", a list "MP178,MP125", or edits of all/none: "all,-MP178", "none,+MP081".
   * Unknown names are an error, so a typo never silently selects the legacy side.
   */
  static parse(spec: string | undefined): Baseline {
    const parts = (spec ?? 'all').split(',').map((p) => p.trim()).filter(Boolean);
    let set = new Set<ModificationId>();
    let start = true;
    for (const part of parts) {
      const lower = part.toLowerCase();
      if (lower === 'all' || lower === 'none') {
        if (!start) throw new BaselineError(`"${part}" must come first in a baseline ("${spec}")`);
        set = new Set(lower === 'all' ? MODIFICATIONS : []);
      } else {
        const remove = part.startsWith('-');
        const id = part.replace(/^[+-]/, '').toUpperCase();
        if (!isModification(id)) {
          throw new BaselineError(`unknown modification "${id}" in baseline "${spec}"; known: ${MODIFICATIONS.join(', ')}`);
        }
        if (remove) set.delete(id);
        else set.add(id);
      }
      start = false;
    }
    return new Baseline(set);
  }

  has(id: ModificationId): boolean {
    return this.applied.has(id);
  }

  get ids(): ModificationId[] {
    return MODIFICATIONS.filter((m) => this.applied.has(m));
  }

  /** Stable text form, accepted by parse. */
  toString(): string {
    const ids = this.ids;
    if (ids.length === MODIFICATIONS.length) return 'all';
    return ids.length ? ids.join(',') : 'none';
  }

  /**
   * Cucumber tag expression that drops the side of each modification this baseline does not
   * run: applied -> drop @before:M, not applied -> drop @M.
   */
  tagExpression(): string {
    return MODIFICATIONS.map((m) => (this.applied.has(m) ? `not @before:${m}` : `not @${m}`)).join(' and ');
  }
}

export function isModification(id: string): id is ModificationId {
  return (MODIFICATIONS as readonly string[]).includes(id);
}
