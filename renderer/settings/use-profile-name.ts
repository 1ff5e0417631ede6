// The current profile as people know it: the patient's name in therapist mode, "You (home)" for the home profile.
import { useEffect, useState } from 'react';
import { getApi } from '../api/index.ts';
import { useT } from '../i18n/use-t.ts';
import { useSettings } from '../state/settings-store.ts';

/** Display name of the current profile (the id only while the patient list has not answered). */
export function useProfileName(): string {
  const t = useT();
  const profileId = useSettings((s) => s.profileId);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let live = true;
    void getApi().listPatients({ includeArchived: true }).then((r) => { if (live && r.ok) setNames(new Map(r.value.map((p) => [p.id, p.name]))); });
    return () => { live = false; };
  }, [profileId]);
  return names.get(profileId) ?? (profileId === 'home' ? t('profile.home') : profileId);
}
