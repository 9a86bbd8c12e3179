// Vite's own module types: `?raw` imports (the contrast test reads the
// components' source with them), `import.meta.env`.
/// <reference types="vite/client" />
