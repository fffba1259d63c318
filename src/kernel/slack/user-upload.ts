import type { WebClient } from '@slack/web-api';

export interface UserFile {
  content: Buffer;
  filename: string;
  title: string;
  altText: string;
  comment: string;
}

/**
 * Uploads a file into the bot's DM with one person (files.getUploadURLExternal +
 * completeUploadExternal through filesUploadV2). For what only that person may see:
 * a DM is shared with nobody else. A one-off answer to a command, not retried by
 * the outbox, so it needs none of upload-once.ts's record of the file in flight.
 */
export async function uploadToUser(client: WebClient, user: string, file: UserFile): Promise<void> {
  const im = await client.conversations.open({ users: user });
  const channel = im.channel?.id;
  if (!channel) throw new Error(`conversations.open gave no DM channel for ${user}`);
  await client.filesUploadV2({
    channel_id: channel,
    file: file.content,
    filename: file.filename,
    title: file.title,
    alt_text: file.altText,
    initial_comment: file.comment,
  });
}
