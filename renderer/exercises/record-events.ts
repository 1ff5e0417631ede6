// While a recording runs, protocol phases and pacer on/off go into the file as annotations, on the sample clock.
import type { LoslatenApi } from '../../api/contract.ts';
import { live } from '../live/live-data.ts';
import { useUi } from '../state/ui-store.ts';
import { exerciseSessionId } from './exercise-recording.ts';
import { sessionEvents, type SessionEvent } from './session-events.ts';

/** The annotate request for an event, or null for events the recording does not keep. */
export function annotationFor(e: SessionEvent, streamId: number): Parameters<LoslatenApi['annotate']>[0] | null {
  if (e.source === 'protocol' && (e.type === 'phase-start' || e.type === 'phase-end')) {
    return { kind: e.type, text: e.phaseId, sampleIndex: Math.max(0, Math.round(e.sampleIndex)), streamId };
  }
  if (e.source === 'pacer') return { kind: 'pacer', text: e.type === 'pacer-start' ? 'on' : 'off', sampleIndex: Math.max(0, Math.round(e.sampleIndex)), streamId };
  return null;
}

/** The phase running now (its start event), if a protocol is mid-way. */
export function openPhase(history: readonly SessionEvent[]): SessionEvent | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const e = history[i]!;
    if (e.source !== 'protocol') continue;
    if (e.type === 'phase-start') return e;
    if (e.type === 'phase-end' || e.type === 'finished' || e.type === 'stopped') return null;
  }
  return null;
}

/** Connects the session events to the API. Returns the function that disconnects it. */
export function recordSessionEvents(api: LoslatenApi): () => void {
  // Which recording each event went into, so a recording's start does not send its first phase twice.
  const sentTo = new WeakMap<SessionEvent, string>();
  const recordingNow = (): string | null => {
    const rec = useUi.getState().status?.recording;
    return rec?.state === 'recording' ? rec.sessionId : exerciseSessionId();
  };
  const send = (e: SessionEvent, sessionId: string) => {
    sentTo.set(e, sessionId);
    const req = annotationFor(e, live.streamId);
    if (req) void api.annotate(req).then((r) => { if (!r.ok) useUi.getState().setError(r.error); });
  };
  const offEvents = sessionEvents.on((e) => { const id = recordingNow(); if (id) send(e, id); });
  // A recording started in the middle of a phase still knows which phase it is in (placed at the file start).
  const offStatus = useUi.subscribe((s, prev) => {
    const started = s.status?.recording?.state === 'recording' && (prev.status?.recording?.state !== 'recording' || prev.status?.recording?.sessionId !== s.status.recording.sessionId);
    const open = started ? openPhase(sessionEvents.history()) : null;
    if (open && s.status?.recording && sentTo.get(open) !== s.status.recording.sessionId) send(open, s.status.recording.sessionId);
  });
  return () => { offEvents(); offStatus(); };
}
