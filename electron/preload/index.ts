// Exposes the typed contract API to the page through contextBridge: no ipcRenderer, no Node.
import { contextBridge, ipcRenderer } from 'electron';
import { callNames, ipcChannel, ipcEventChannel } from '../shared/contract';
import { buildApi } from './api';

contextBridge.exposeInMainWorld(
  'controlRoom',
  buildApi(
    {
      invoke: (channel, input) => ipcRenderer.invoke(channel, input),
      on: (channel, listener) => ipcRenderer.on(channel, listener),
      removeListener: (channel, listener) => ipcRenderer.removeListener(channel, listener),
    },
    callNames,
    ipcChannel,
    ipcEventChannel,
  ),
);
