'use client';

import { lazy, Suspense, type ComponentProps } from 'react';

/**
 * The attachment views load in their own chunk, outside the chat page's first load: most
 * messages carry no files, and the composer's chips are needed only once a file is added.
 * `preloadAttachmentViews()` fetches them ahead (the composer calls it as it mounts).
 */
const loadChips = () => import('./attachment-chip');
const loadPreview = () => import('./attachment-preview');
const LazyAttachmentChips = lazy(() => loadChips().then((module) => ({ default: module.AttachmentChips })));
const LazyMessageAttachments = lazy(() =>
  loadPreview().then((module) => ({ default: module.MessageAttachments })),
);

export function preloadAttachmentViews() {
  void loadChips();
  void loadPreview();
}

export function AttachmentChips(props: ComponentProps<typeof LazyAttachmentChips>) {
  if (props.attachments.length === 0) return null;
  return (
    <Suspense
      fallback={
        <p className="px-1 pt-1 text-xs text-muted">
          {props.attachments.map((attachment) => attachment.name).join(', ')}
        </p>
      }
    >
      <LazyAttachmentChips {...props} />
    </Suspense>
  );
}

export function MessageAttachments(props: ComponentProps<typeof LazyMessageAttachments>) {
  return (
    <Suspense fallback={<span className="h-20 w-20 rounded-xl border border-border bg-surface" />}>
      <LazyMessageAttachments {...props} />
    </Suspense>
  );
}
