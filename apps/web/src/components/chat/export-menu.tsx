'use client';

import { api } from '../../lib/api';
import { describeError } from '../../lib/error-message';
import { DownloadIcon } from '../ui/icons';
import { Menu } from '../ui/menu';
import { notifyError } from '../ui/notices';

async function download(chatId: string, title: string, format: 'markdown' | 'json') {
  try {
    const { blob, fileName } = await api.chats.exportFile(chatId, format);
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download =
      fileName ?? `${title.replace(/[^\w.-]+/g, '_') || 'chat'}.${format === 'json' ? 'json' : 'md'}`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    notifyError(describeError(error));
  }
}

export function ExportMenu({ chatId, title }: { chatId: string; title: string }) {
  return (
    <Menu
      label="Export chat"
      trigger={<DownloadIcon />}
      items={[
        { label: 'Export as Markdown', onSelect: () => void download(chatId, title, 'markdown') },
        { label: 'Export as JSON', onSelect: () => void download(chatId, title, 'json') },
      ]}
    />
  );
}
