import { z } from 'zod';
import { text } from './common';

/** Folders one user may keep, subfolders included. */
export const FOLDERS_MAX_PER_USER = 200;
export const FOLDER_NAME_MAX = 100;
/** Tags on one chat, and the length of one tag (after normalising). */
export const TAGS_MAX_PER_CHAT = 20;
export const TAG_MAX_LENGTH = 50;

/**
 * A tag as stored and compared: trimmed, inner whitespace collapsed to one space, lower-cased
 * (so "Work", " work " and "WORK" are one tag), a leading "#" dropped as people type it.
 */
export function normaliseTag(value: string): string {
  return value.trim().replace(/^#+/, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

const Tag = text(200)
  .transform(normaliseTag)
  .refine((tag) => tag.length > 0, 'must not be blank')
  .refine((tag) => tag.length <= TAG_MAX_LENGTH, `must be at most ${TAG_MAX_LENGTH} characters`);

/** A chat's tags as sent: normalised, duplicates dropped (first one kept), at most TAGS_MAX_PER_CHAT. */
export const ChatTags = z
  .array(Tag)
  .max(TAGS_MAX_PER_CHAT * 5)
  .transform((tags) => [...new Set(tags)])
  .refine((tags) => tags.length <= TAGS_MAX_PER_CHAT, `at most ${TAGS_MAX_PER_CHAT} tags per chat`);

/** `?tag=` on the chat list: one tag, normalised like stored ones. */
export const TagQuery = Tag;

export const TagSummary = z.object({ name: z.string(), chatCount: z.number().int() });
export type TagSummary = z.infer<typeof TagSummary>;
/** `GET /api/tags`: the caller's tags over their saved chats, most used first. */
export const TagList = z.object({ items: z.array(TagSummary) });
export type TagList = z.infer<typeof TagList>;

export const Folder = z.object({
  id: z.string(),
  name: z.string(),
  /** The folder it sits in; null at the top level. Only top-level folders have subfolders. */
  parentId: z.string().nullable(),
  /** Collapsed in the sidebar, remembered for the user. */
  collapsed: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Folder = z.infer<typeof Folder>;

/** `GET /api/folders`: all of the caller's folders (at most FOLDERS_MAX_PER_USER), by name. */
export const FolderList = z.object({ items: z.array(Folder) });
export type FolderList = z.infer<typeof FolderList>;

const folderName = text(FOLDER_NAME_MAX).refine((value) => value.trim().length > 0, 'must not be blank');
/** Another user's, unknown and malformed folder ids are answered 404, so any short string passes here. */
export const FolderRef = z.string().max(100);

export const CreateFolderRequest = z.object({ name: folderName, parentId: FolderRef.nullable().optional() });
export type CreateFolderRequest = z.infer<typeof CreateFolderRequest>;

export const UpdateFolderRequest = z
  .object({ name: folderName, parentId: FolderRef.nullable(), collapsed: z.boolean() })
  .partial();
export type UpdateFolderRequest = z.infer<typeof UpdateFolderRequest>;

/**
 * `DELETE /api/folders/:id?deleteChats=true`: by default its chats (and its subfolders' chats)
 * move out to no folder; with `deleteChats=true` they are deleted with it.
 */
export const DeleteFolderQuery = z.object({
  deleteChats: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
});
export type DeleteFolderQuery = z.infer<typeof DeleteFolderQuery>;

/** `folderId` on the chat list: a folder's id, or `none` for the chats in no folder. */
export const FolderFilter = FolderRef.min(1);
export const NO_FOLDER = 'none';
