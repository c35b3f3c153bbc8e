/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** WebSocket base URL (AWS: the WebSocket API's wss:// URL); unset: same-origin `/ws`. */
  readonly VITE_WS_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
