-- Channels the bot may not post in (it lacks View Channel, Send Messages or Embed Links
-- there, found from its permissions or from Discord answering a post 403). Their
-- subscriptions show the reason and their pending posts wait, neither sent nor dropped,
-- until the row goes (the permission is back). Per channel, not per subscription: a
-- permission belongs to the channel, and a moderator's pause (`subscriptions.paused`)
-- stays apart from it, so the bot resuming one never undoes the other.

CREATE TABLE channel_pauses (
    channel_id INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    since      INTEGER NOT NULL
);
