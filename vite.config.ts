import { defineConfig } from 'vite';

// The widget ships as one ES module, served by the draw-room server at /draw-room.js.
export default defineConfig({
  build: {
    lib: { entry: 'components/index.ts', formats: ['es'], fileName: () => 'draw-room.js' },
    target: 'es2022',
    outDir: 'dist',
    rolldownOptions: { output: { minify: true } },
  },
});
