/**
 * The data a search bench runs on. Every typical user has `chatsPerUser` chats of
 * `messagesPerChat` messages; one heavy user has `heavyChats` chats of `heavyMessagesPerChat`.
 */
export interface Scale {
  name: 'smoke' | '1m' | '10m';
  users: number;
  chatsPerUser: number;
  messagesPerChat: number;
  heavyChats: number;
  heavyMessagesPerChat: number;
  /** Distinct words; word of rank r is drawn with probability ≈ 1 / (r · ln vocabulary) (Zipf). */
  vocabulary: number;
}

export const SCALES: Record<Scale['name'], Scale> = {
  smoke: {
    name: 'smoke',
    users: 50,
    chatsPerUser: 10,
    messagesPerChat: 4,
    heavyChats: 200,
    heavyMessagesPerChat: 10,
    vocabulary: 2_000,
  },
  '1m': {
    name: '1m',
    users: 1_000,
    chatsPerUser: 100,
    messagesPerChat: 10,
    heavyChats: 5_000,
    heavyMessagesPerChat: 20,
    vocabulary: 50_000,
  },
  '10m': {
    name: '10m',
    users: 10_000,
    chatsPerUser: 100,
    messagesPerChat: 10,
    heavyChats: 5_000,
    heavyMessagesPerChat: 20,
    vocabulary: 50_000,
  },
};

/** The word of a rank, as the seed writes it: fixed width, so no word is a prefix of another. */
export const word = (rank: number) => `w${String(rank).padStart(5, '0')}`;

export const HEAVY_USER_ID = 'usr_heavy';
/** The typical user the bench searches as (any of them has the same amount of data). */
export const typicalUserId = (scale: Scale) => `usr_${String(Math.floor(scale.users / 2)).padStart(6, '0')}`;
