import type { MetadataRoute } from 'next';

/**
 * The web app manifest (served at /manifest.webmanifest, linked by Next from every page), so
 * browsers offer to install Vivier as an app. Icons are files in public/icons; the maskable one
 * keeps its glyph inside the central 80% safe zone.
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: 'Vivier',
    short_name: 'Vivier',
    description: 'Self-hosted AI chat',
    id: '/chat',
    start_url: '/chat',
    scope: '/',
    display: 'standalone',
    background_color: '#1b1c1f',
    theme_color: '#1d1d22',
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}
