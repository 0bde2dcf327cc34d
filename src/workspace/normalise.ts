/** Canonical form of a decomposition after an edit or a re-analysis: sets sorted, empty services gone. */
import type { Decomposition } from '../shared/decomposition.js';
import type { EditNotice } from '../shared/edits.js';
import { compareStrings, sortByKeys } from '../shared/sort.js';

/** Sort everything that is a set, so equal decompositions serialise to equal bytes. Mutates and returns `d`. */
export function normalise(d: Decomposition): Decomposition {
  for (const s of d.services) {
    s.modules = [...new Set(s.modules)].sort(compareStrings);
    s.pinned = [...new Set(s.pinned)].sort(compareStrings);
    if (s.flagged !== undefined) {
      const flagged = [...new Set(s.flagged)].sort(compareStrings);
      if (flagged.length > 0) s.flagged = flagged;
      else delete s.flagged;
    }
    if (s.placement !== undefined) {
      // one entry per module still in the service; the latest recorded wins
      const members = new Set(s.modules);
      const byModule = new Map(s.placement.filter((p) => members.has(p.module)).map((p) => [p.module, p]));
      s.placement = [...byModule.values()].sort((a, b) => compareStrings(a.module, b.module));
    }
  }
  sortByKeys(d.shared, (k) => k.module);
  const c = d.constraints;
  sortByKeys(c.pins, (p) => p.module);
  sortByKeys(c.apart, (p) => p.a, (p) => p.b);
  sortByKeys(c.shared, (p) => p.module);
  return d;
}

/** A service left without modules is removed, with a notice. Mutates `d`. */
export function dropEmptyServices(d: Decomposition, notices: EditNotice[]): void {
  for (const s of d.services.filter((x) => x.modules.length === 0)) {
    notices.push({ code: 'service-emptied', service: s.id, message: `service ${s.name} has no modules left and was removed` });
  }
  d.services = d.services.filter((x) => x.modules.length > 0);
}
