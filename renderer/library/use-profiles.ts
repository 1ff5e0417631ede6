// Profiles in the library with display names: patient names from the patient list where known, else the id.
import { useEffect, useState } from 'react';
import { getApi } from '../api/index.ts';

export interface ProfileOption { readonly id: string; readonly label: string }

/** Profile ids that have sessions, labelled `Name (id)` for known patients. Reloads when `reloadKey` changes. */
export function useProfiles(reloadKey: unknown = 0): readonly ProfileOption[] {
  const [list, setList] = useState<readonly ProfileOption[]>([]);
  useEffect(() => {
    let live = true;
    void Promise.all([getApi().listProfiles(), getApi().listPatients({ includeArchived: true })]).then(([p, pts]) => {
      if (!live || !p.ok) return;
      const names = new Map(pts.ok ? pts.value.map((x) => [x.id, x.name] as const) : []);
      setList(p.value.map((id) => ({ id, label: names.get(id) ? `${names.get(id)} (${id})` : id })));
    });
    return () => { live = false; };
  }, [reloadKey]);
  return list;
}
