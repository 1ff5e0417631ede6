// Sandboxed preload: exposes window.loslaten (the LoslatenApi verbs) and nothing else; ipcRenderer never leaks.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createPreloadApi } from './bridge-api.ts';

contextBridge.exposeInMainWorld('loslaten', createPreloadApi(ipcRenderer, webUtils));
