'use client';

import { useEffect, useLayoutEffect, useRef, useState, type DragEvent } from 'react';
import { useFileUpload } from '../../hooks/use-file-upload';
import { ACCEPT_ATTRIBUTE, pastedImageName } from '../../lib/attachments';
import {
  nextSendPhase,
  sendNotice,
  type SendEvent,
  type SendPhase,
  type SendReadiness,
} from '../../lib/send-queue';
import { PaperclipIcon, SendIcon, StopIcon } from '../ui/icons';
import { AttachmentChips, preloadAttachmentViews } from './attachment-lazy';
import { usePromptPicker } from './prompt-picker';
import { useTranslations } from 'next-intl';

interface ComposerProps {
  isGenerating: boolean;
  /** Whether the page has what a send needs; a message sent before then waits for it. */
  readiness: SendReadiness;
  /** Resolves true when sent (the box empties), false to keep the text and files for another try. */
  onSend: (content: string, fileIds: string[]) => Promise<boolean>;
  onStop: () => void;
  placeholder: string;
}

const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer.types).includes('Files');

/**
 * Enter sends, Shift+Enter adds a line; while an answer streams the button stops it (as does Esc).
 * Files come from the paperclip, a drop on the box or a pasted image; each uploads at once.
 * A message sent before the page is ready waits (said under the box, cancellable) and then goes.
 */
export function Composer({ isGenerating, readiness, onSend, onStop, placeholder }: ComposerProps) {
  const t = useTranslations('chat');
  const [value, setValue] = useState('');
  const [phase, setPhaseState] = useState<SendPhase>('idle');
  // Read and written synchronously, so two Enters in one frame cannot both send.
  const phaseRef = useRef<SendPhase>('idle');
  const [isDragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const pickerRef = useRef<HTMLInputElement>(null);
  const files = useFileUpload();
  // Text, attachments or both (a message may be only a picture).
  const hasContent = value.trim().length > 0 || files.hasReady;
  const canSubmit = hasContent && !files.isUploading && !files.hasFailed && !isGenerating;
  // An answer still being written (found once an existing chat has loaded) holds a queued message too.
  const effectiveReadiness: SendReadiness = isGenerating ? { state: 'waiting', for: 'answer' } : readiness;
  const notice = sendNotice(phase, effectiveReadiness, hasContent);
  const sendHint = files.isUploading
    ? t('composer.waitUploads')
    : files.hasFailed
      ? t('composer.removeFailed')
      : phase === 'queued'
        ? t('composer.waitingToSend')
        : t('composer.sendTitle');

  useEffect(preloadAttachmentViews, []);

  // Grow with the text up to a limit, then scroll.
  useLayoutEffect(() => {
    const area = areaRef.current;
    if (!area) return;
    area.style.height = 'auto';
    area.style.height = `${Math.min(area.scrollHeight, 240)}px`;
  }, [value]);

  const deliver = async () => {
    const fileIds = files.startSend();
    const sent = await onSend(value, fileIds);
    dispatch({ type: 'settled' });
    if (sent) {
      setValue('');
      files.clearSent();
    } else {
      files.cancelSend();
    }
    areaRef.current?.focus();
  };

  function dispatch(event: SendEvent) {
    const previous = phaseRef.current;
    const next = nextSendPhase(previous, event);
    if (next === previous) return;
    phaseRef.current = next;
    setPhaseState(next);
    if (next === 'sending') void deliver();
  }

  const submit = () => {
    if (canSubmit) dispatch({ type: 'submit', readiness: effectiveReadiness });
  };
  const edit = (next: string) => {
    dispatch({ type: 'edit' });
    setValue(next);
  };
  const picker = usePromptPicker(value, (text) => {
    edit(text);
    areaRef.current?.focus();
  });
  const addFiles = (added: File[]) => {
    dispatch({ type: 'edit' });
    files.add(added);
  };

  // A queued message goes out in the render that brings what it waited for (this render's
  // onSend already sees it), or stops waiting when there is nothing left to wait for.
  const readinessState = effectiveReadiness.state;
  useEffect(() => {
    dispatch({ type: 'readiness', readiness: effectiveReadiness });
    // Only a change of state matters; the object is new on every render.
  }, [readinessState]);

  const endDrag = () => {
    dragDepth.current = 0;
    setDragging(false);
  };

  return (
    <div className="border-t border-border bg-canvas px-3 pb-3 pt-2 sm:px-4">
      <form
        className={`mx-auto flex max-w-3xl flex-col gap-1 rounded-2xl border bg-raised p-2 shadow-sm focus-within:border-[color:var(--focus)] ${
          isDragging ? 'border-dashed border-[color:var(--focus)] bg-surface' : 'border-border'
        }`}
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
        onDragEnter={(event) => {
          if (!hasFiles(event)) return;
          event.preventDefault();
          dragDepth.current += 1;
          setDragging(true);
        }}
        onDragOver={(event) => {
          if (!hasFiles(event)) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
        }}
        onDragLeave={(event) => {
          if (!hasFiles(event)) return;
          dragDepth.current = Math.max(0, dragDepth.current - 1);
          if (dragDepth.current === 0) setDragging(false);
        }}
        onDrop={(event) => {
          if (!hasFiles(event)) return;
          event.preventDefault();
          endDrag();
          addFiles(Array.from(event.dataTransfer.files));
        }}
      >
        {picker.menu}
        <AttachmentChips
          attachments={files.attachments}
          onRemove={(key) => {
            dispatch({ type: 'edit' });
            files.remove(key);
          }}
        />
        <div className="flex items-end gap-1">
          <input
            ref={pickerRef}
            type="file"
            multiple
            accept={ACCEPT_ATTRIBUTE}
            aria-label={t('composer.filesToAttach')}
            className="hidden"
            onChange={(event) => {
              addFiles(Array.from(event.target.files ?? []));
              // The same file can be picked again after removing it.
              event.target.value = '';
            }}
          />
          <button
            type="button"
            className="icon-button h-10 w-10 shrink-0 rounded-xl"
            aria-label={t('composer.attachFiles')}
            title={files.isFull ? t('composer.tooManyFiles') : t('composer.attachFiles')}
            disabled={files.isFull}
            onClick={() => pickerRef.current?.click()}
          >
            <PaperclipIcon />
          </button>
          <textarea
            ref={areaRef}
            aria-label={t('composer.message')}
            placeholder={placeholder}
            rows={1}
            value={value}
            autoFocus
            maxLength={100_000}
            onChange={(event) => edit(event.target.value)}
            onPaste={(event) => {
              const pasted = Array.from(event.clipboardData.files);
              if (pasted.length === 0) return;
              // A screenshot arrives as "image.png": name it so two of them can be told apart.
              addFiles(
                pasted.map((file) =>
                  file.type.startsWith('image/') && (!file.name || file.name === 'image.png')
                    ? new File([file], pastedImageName(file.type, new Date()), { type: file.type })
                    : file,
                ),
              );
              if (!event.clipboardData.types.includes('text/plain')) event.preventDefault();
            }}
            role={picker.isOpen ? 'combobox' : undefined}
            aria-expanded={picker.isOpen ? true : undefined}
            aria-controls={picker.isOpen ? 'prompt-picker' : undefined}
            aria-activedescendant={picker.activeOptionId}
            onKeyDown={(event) => {
              if (event.nativeEvent.isComposing || picker.onKeyDown(event)) return;
              if (event.key === 'Enter' && !event.shiftKey) {
                event.preventDefault();
                submit();
              }
            }}
            className="max-h-60 min-h-[2.5rem] flex-1 resize-none bg-transparent px-1 py-2 text-[15px] outline-none placeholder:text-muted focus-visible:outline-none"
          />
          {isGenerating ? (
            <button
              type="button"
              onClick={onStop}
              aria-label={t('composer.stop')}
              title={t('composer.stopTitle')}
              className="button-primary h-10 w-10 shrink-0 rounded-xl p-0"
            >
              <StopIcon />
            </button>
          ) : (
            <button
              type="submit"
              disabled={!canSubmit || phase !== 'idle' || readiness.state === 'unavailable'}
              aria-label={t('composer.send')}
              title={sendHint}
              className="button-primary h-10 w-10 shrink-0 rounded-xl p-0"
            >
              <SendIcon />
            </button>
          )}
        </div>
        {notice ? (
          <div role="status" className="flex items-center gap-2 px-1 pb-0.5 text-xs text-muted">
            <span className="flex-1">{t(`composer.queue.${notice}`)}</span>
            {phase === 'queued' ? (
              <button
                type="button"
                className="shrink-0 font-medium underline"
                onClick={() => {
                  dispatch({ type: 'cancel' });
                  areaRef.current?.focus();
                }}
              >
                {t('composer.cancel')}
              </button>
            ) : null}
          </div>
        ) : null}
      </form>
      <p className="mx-auto mt-1.5 hidden max-w-3xl text-center text-xs text-muted sm:block">
        {isDragging ? t('composer.dropFiles') : t('composer.hint')}
      </p>
    </div>
  );
}
