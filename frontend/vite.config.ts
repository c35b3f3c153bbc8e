/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The dev server forwards the API, the WebSocket and the local outbox to a
// local gateway (`estrade-gateway --addr 127.0.0.1:8080 ...`).
const gateway = process.env.ESTRADE_GATEWAY_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': gateway,
      '/_outbox': gateway,
      '/ws': { target: gateway, ws: true },
    },
  },
  build: {
    target: 'es2022',
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
