// React hook: the translate function for the current language.
import { useCallback } from 'react';
import { useUi } from '../state/ui-store.ts';
import type { MessageKey } from './messages.ts';
import { translate, type Params } from './translate.ts';

export function useT(): (key: MessageKey, params?: Params) => string {
  const lang = useUi((s) => s.lang);
  return useCallback((key: MessageKey, params?: Params) => translate(lang, key, params), [lang]);
}
