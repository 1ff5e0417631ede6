// Sandboxed preload: exposes window.loslaten (the LoslatenApi verbs) and nothing else; ipcRenderer never leaks.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createPreloadApi } from './bridge-api.ts';

// The frame port goes to the page's own window (its origin only), which passes it on to the intake worker.
const postToPage = (message: string, transfer: MessagePort[]): void => { window.postMessage(message, window.location.origin, transfer); };
contextBridge.exposeInMainWorld('loslaten', createPreloadApi(ipcRenderer, webUtils, postToPage));
