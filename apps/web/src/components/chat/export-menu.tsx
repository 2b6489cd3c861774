'use client';

import { useTranslations } from 'next-intl';
import { api } from '../../lib/api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { DownloadIcon } from '../ui/icons';
import { Menu } from '../ui/menu';
import { notifyError } from '../ui/notices';

async function download(
  chatId: string,
  title: string,
  format: 'markdown' | 'json',
  describeError: (error: unknown) => string,
) {
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
  const t = useTranslations('chat.export');
  const describeError = useDescribeError();
  return (
    <Menu
      label={t('menu')}
      trigger={<DownloadIcon />}
      items={[
        { label: t('markdown'), onSelect: () => void download(chatId, title, 'markdown', describeError) },
        { label: t('json'), onSelect: () => void download(chatId, title, 'json', describeError) },
      ]}
    />
  );
}
