//! The single table's key layout: every item's keys are built here and nowhere else.
//!
//! The items, their keys, index keys, expiry and access patterns are listed once: README.md,
//! "The single table: access patterns". A change of a key here changes that table too.

use crate::ports::Key;

/// A user's account: `USER#{user_id}` / `ACCOUNT`.
pub fn account(user_id: &str) -> Key {
    Key::new(format!("USER#{user_id}"), "ACCOUNT")
}
/// The claim that makes an email (trimmed, lower case) one account's: `EMAIL#{email}` / `EMAIL`.
pub fn email(email: &str) -> Key {
    Key::new(format!("EMAIL#{email}"), "EMAIL")
}
/// A user's profile: `USER#{user_id}` / `PROFILE`.
pub fn profile(user_id: &str) -> Key {
    Key::new(format!("USER#{user_id}"), "PROFILE")
}
/// The gsi1 partition of listed (verified) providers' profiles.
pub const PROVIDERS: &str = "PROVIDERS";
/// A listed profile's gsi1 sort key: providers sort by sign-up time.
pub fn provider_listing(created_at: i64, user_id: &str) -> String {
    format!("{created_at:012}#{user_id}")
}
/// The last ask for an email of a kind (`RESET`, `VERIFY`) to an address, kept for its
/// cooldown; the change feed sends the email it asks for.
pub fn email_cooldown(email: &str, purpose: &str) -> Key {
    Key::new(format!("EMAIL#{email}"), format!("{COOLDOWNS}{purpose}"))
}
/// Sort-key prefix of an address's cooldowns.
pub const COOLDOWNS: &str = "COOLDOWN#";
/// A one-time link: `TOKEN#{digest of the token}` / `VERIFY` or `RESET` (`purpose`).
pub fn one_time(purpose: &str, digest: &str) -> Key {
    Key::new(format!("TOKEN#{digest}"), purpose)
}
/// A log-in session (the family of its refresh tokens): `USER#{user_id}` / `SESSION#{family}`.
pub fn session(user_id: &str, family: &str) -> Key {
    Key::new(format!("USER#{user_id}"), format!("{SESSIONS}{family}"))
}
/// Sort-key prefix of a user's sessions.
pub const SESSIONS: &str = "SESSION#";
/// A WebSocket ticket, once used: `TICKET#{jti}` / `TICKET`.
pub fn ticket(jti: &str) -> Key {
    Key::new(format!("TICKET#{jti}"), "TICKET")
}
/// A refresh token: `REFRESH#{token_id}` / `REFRESH`.
pub fn refresh(token_id: &str) -> Key {
    Key::new(format!("REFRESH#{token_id}"), "REFRESH")
}
/// The log-in attempts on `email` in one 15-minute `window` (Unix time ÷ 900): from one
/// `source` address, or from all (`None`).
pub fn login_throttle(email: &str, window: i64, source: Option<&str>) -> Key {
    let sk = match source {
        Some(source) => format!("LOGIN#{window}#{source}"),
        None => format!("LOGIN#{window}"),
    };
    Key::new(format!("THROTTLE#{email}"), sk)
}
/// The writes of `user_id` in one minute (`window`: Unix time ÷ 60).
pub fn write_throttle(user_id: &str, window: i64) -> Key {
    Key::new(
        format!("THROTTLE#USER#{user_id}"),
        format!("WRITES#{window}"),
    )
}
/// A live WebSocket connection: `CONN#{connection_id}` / `CONN`.
pub fn connection(connection_id: &str) -> Key {
    Key::new(format!("CONN#{connection_id}"), "CONN")
}
/// The gsi1 partition of a user's live connections.
pub fn user_connections(user_id: &str) -> String {
    format!("USER#{user_id}")
}
/// Sort key of a user's unread total (`USER#{id}` / `UNREAD`, attribute `count`).
pub const UNREAD: &str = "UNREAD";

/// A conversation's id: `{client_id}.{provider_id}` (ids never hold a dot).
pub fn conversation_id(client_id: &str, provider_id: &str) -> String {
    format!("{client_id}.{provider_id}")
}
/// A conversation's item (its last-message summary): `CONV#{id}` / `META`.
pub fn conversation(conversation_id: &str) -> Key {
    Key::new(conversation_partition(conversation_id), "META")
}
/// The partition of a conversation and its messages.
pub fn conversation_partition(conversation_id: &str) -> String {
    format!("CONV#{conversation_id}")
}
/// The partition of due message digests.
pub const DIGESTS: &str = "DIGESTS";
/// A due digest of a conversation's messages for `recipient`, sorted by its time (`due`,
/// Unix seconds).
pub fn digest_due(due: i64, recipient: &str, conversation_id: &str) -> Key {
    Key::new(DIGESTS, format!("{due:012}#{recipient}#{conversation_id}"))
}
/// Sort-key prefix of a conversation's messages.
pub const MESSAGES: &str = "MSG#";
/// A message: messages sort by their time in milliseconds, then by id.
pub fn message(conversation_id: &str, at_ms: i64, message_id: &str) -> Key {
    Key::new(
        conversation_partition(conversation_id),
        format!("{MESSAGES}{at_ms:013}#{message_id}"),
    )
}
/// A participant's row of a conversation (unread count, archived): `USER#{user_id}` /
/// `CONV#{conversation_id}`.
pub fn membership(user_id: &str, conversation_id: &str) -> Key {
    Key::new(format!("USER#{user_id}"), format!("CONV#{conversation_id}"))
}
/// The gsi1 partition of a user's active or archived conversations.
pub fn inbox(user_id: &str, archived: bool) -> String {
    let folder = if archived { "archived" } else { "active" };
    format!("INBOX#{user_id}#{folder}")
}
/// A membership's gsi1 sort key: the inbox sorts by last activity.
pub fn inbox_position(last_at_ms: i64, conversation_id: &str) -> String {
    format!("{last_at_ms:013}#{conversation_id}")
}
/// A user's unread total, behind the badge.
pub fn unread_total(user_id: &str) -> Key {
    Key::new(format!("USER#{user_id}"), UNREAD)
}
/// What lets a provider read a client's profile and write to the client: written when the
/// client writes to or invites the provider.
pub fn contact_grant(client_id: &str, provider_id: &str) -> Key {
    Key::new(format!("USER#{client_id}"), format!("GRANT#{provider_id}"))
}

/// Sort key of a profile item (`USER#{id}` / `PROFILE`).
pub const PROFILE: &str = "PROFILE";
/// The search partition of a kind word (`*`: any kind) in an area (`C{commune}`,
/// `R{region}`, `FR`, `ALL`).
pub fn search_partition(area: &str, token: &str) -> String {
    format!("SEARCH#{area}#{token}")
}
/// A listed provider's search entry: sorted by provider id within its partition.
pub fn search_entry(area: &str, token: &str, provider_id: &str) -> Key {
    Key::new(search_partition(area, token), provider_id)
}

/// The partition of an event and its requests (one query reads them all).
pub fn event_partition(event_id: &str) -> String {
    format!("EVENT#{event_id}")
}
/// An event: `EVENT#{event_id}` / `META`.
pub fn event(event_id: &str) -> Key {
    Key::new(event_partition(event_id), "META")
}
/// The gsi1 partition of a client's events.
pub fn client_events(client_id: &str) -> String {
    format!("EVENTS#{client_id}")
}
/// An event's gsi1 sort key: a client's events sort by date.
pub fn event_position(date: &str, event_id: &str) -> String {
    format!("{date}#{event_id}")
}
/// Sort-key prefix of an event's requests.
pub const REQUESTS: &str = "REQ#";
/// A request to a provider: one per provider per event.
pub fn request(event_id: &str, provider_id: &str) -> Key {
    Key::new(
        event_partition(event_id),
        format!("{REQUESTS}{provider_id}"),
    )
}
/// The gsi1 partition of a provider's requests (its inbox).
pub fn provider_requests(provider_id: &str) -> String {
    format!("REQUESTS#{provider_id}")
}
/// A request's gsi1 sort key: the inbox sorts by creation time.
pub fn request_position(created_at: i64, event_id: &str) -> String {
    format!("{created_at:012}#{event_id}")
}
/// The item that holds a provider's date (`date` is `YYYY-MM-DD`).
pub fn booked_date(provider_id: &str, date: &str) -> Key {
    Key::new(format!("PROVIDER#{provider_id}"), format!("DATE#{date}"))
}

/// A provider's calendar partition: its days and session slots, by date.
pub fn provider_calendar(provider_id: &str) -> String {
    format!("PROVIDER#{provider_id}")
}
/// The sort keys of a provider's days (and their slots) from `from` to `to` (`YYYY-MM-DD`,
/// both included): a month of availability is one Query between these.
pub fn calendar_range(from: &str, to: &str) -> (String, String) {
    (format!("DATE#{from}"), format!("DATE#{to}#~"))
}
/// A quarter of an hour of a provider's day, held by one session: `minute` is the time
/// elapsed since the day's midnight in France (a day of 23, 24 or 25 hours), 4 digits.
pub fn calendar_slot(provider_id: &str, date: &str, minute: i64) -> Key {
    Key::new(
        provider_calendar(provider_id),
        format!("DATE#{date}#{minute:04}"),
    )
}
/// A calendar booking, in its client's partition, by day: `id` is
/// `{client_id}.{yyyy-mm-dd}.{random}` (ids never hold a dot), so the id gives the key.
pub fn booking(client_id: &str, date: &str, id: &str) -> Key {
    Key::new(format!("USER#{client_id}"), format!("BOOKING#{date}#{id}"))
}
/// The prefix of a client's bookings.
pub const BOOKINGS: &str = "BOOKING#";
/// The gsi1 partition of a provider's bookings (its calendar), by day.
pub fn provider_bookings(provider_id: &str) -> String {
    format!("CALENDAR#{provider_id}")
}
/// A provider's other calendar, imported from its secret address.
pub fn calendar_import(provider_id: &str, id: &str) -> Key {
    Key::new(provider_calendar(provider_id), format!("IMPORT#{id}"))
}
/// The prefix of a provider's imported calendars.
pub const IMPORTS: &str = "IMPORT#";
/// The gsi1 partition of every imported calendar (the scheduled sync reads it).
pub const ALL_IMPORTS: &str = "IMPORTS";
/// A booking's gsi1 sort key in its provider's calendar.
pub fn booking_position(date: &str, id: &str) -> String {
    format!("{date}#{id}")
}

/// The mirror of a contact grant in its provider's partition (`USER#{provider}` /
/// `CLIENT#{client}`): the provider's dashboard lists its clients from it.
pub fn provider_client(provider_id: &str, client_id: &str) -> Key {
    Key::new(
        format!("USER#{provider_id}"),
        format!("{CLIENTS}{client_id}"),
    )
}
/// The prefix of a provider's clients.
pub const CLIENTS: &str = "CLIENT#";

/// The partition of a project: its record, history steps, notes, contract, audit trail,
/// signing codes and signed PDF (one query reads a project whole).
pub fn project_partition(project_id: &str) -> String {
    format!("PROJECT#{project_id}")
}
/// A project: `PROJECT#{id}` / `META`, in its provider's projects on gsi1.
pub fn project(project_id: &str) -> Key {
    Key::new(project_partition(project_id), "META")
}
/// The gsi1 partition of a provider's projects, by date.
pub fn provider_projects(provider_id: &str) -> String {
    format!("PROJECTS#{provider_id}")
}
/// A project's gsi1 sort key in its provider's projects (and its client's row's sort key).
pub fn project_position(date: &str, project_id: &str) -> String {
    format!("{date}#{project_id}")
}
/// A client's row of a project (its status mirrored): `USER#{client}` / `PROJECT#{date}#{id}`.
pub fn client_project(client_id: &str, date: &str, project_id: &str) -> Key {
    Key::new(
        format!("USER#{client_id}"),
        format!("{PROJECTS}{}", project_position(date, project_id)),
    )
}
/// The prefix of a client's project rows.
pub const PROJECTS: &str = "PROJECT#";
/// One step of a project's history: `STEP#{version}` (the version the step made).
pub fn project_step(project_id: &str, version: i64) -> Key {
    Key::new(project_partition(project_id), format!("STEP#{version:05}"))
}
/// The provider's private notes on a project.
pub fn project_notes(project_id: &str) -> Key {
    Key::new(project_partition(project_id), "NOTES")
}
/// The partition of open projects by date: the daily sweep marks those whose day is past
/// as done.
pub const PROJECTS_DUE: &str = "PROJECTS_DUE";
/// A project waiting for its day to pass.
pub fn project_due(date: &str, project_id: &str) -> Key {
    Key::new(PROJECTS_DUE, project_position(date, project_id))
}
/// A project's contract.
pub fn contract(project_id: &str) -> Key {
    Key::new(project_partition(project_id), "CONTRACT")
}
/// The head of a contract's audit trail (its length and last hash).
pub fn audit_head(project_id: &str) -> Key {
    Key::new(project_partition(project_id), "AUDIT")
}
/// Entry `n` (from 1) of a contract's audit trail.
pub fn audit_entry(project_id: &str, n: i64) -> Key {
    Key::new(project_partition(project_id), format!("AUDIT#{n:05}"))
}
/// The signing code last emailed to `user_id` for a project's contract.
pub fn signing_code(project_id: &str, user_id: &str) -> Key {
    Key::new(project_partition(project_id), format!("CODE#{user_id}"))
}
/// The signed PDF of a project's contract (its blob key and SHA-256).
pub fn contract_pdf(project_id: &str) -> Key {
    Key::new(project_partition(project_id), "PDF")
}
/// A signed PDF by its SHA-256 (hex): the public verification reads it.
pub fn signed_pdf(sha256: &str) -> Key {
    Key::new(format!("PDFHASH#{sha256}"), "PDF")
}
/// A provider's contract template.
pub fn contract_template(provider_id: &str, template_id: &str) -> Key {
    Key::new(
        format!("USER#{provider_id}"),
        format!("{TEMPLATES}{template_id}"),
    )
}
/// The prefix of a provider's contract templates.
pub const TEMPLATES: &str = "TEMPLATE#";

/// The partition of a gallery: its record, files, archives and downloads log.
pub fn gallery_partition(gallery_id: &str) -> String {
    format!("GALLERY#{gallery_id}")
}
/// A gallery: `GALLERY#{id}` / `META`, in its project's galleries on gsi1.
pub fn gallery(gallery_id: &str) -> Key {
    Key::new(gallery_partition(gallery_id), "META")
}
/// The gsi1 partition of a project's galleries.
pub fn project_galleries(project_id: &str) -> String {
    format!("GALLERIES#{project_id}")
}
/// A gallery's gsi1 sort key: a project's galleries sort by position.
pub fn gallery_position(position: i64, gallery_id: &str) -> String {
    format!("{position:04}#{gallery_id}")
}
/// Sort-key prefix of a gallery's files.
pub const FILES: &str = "FILE#";
/// A file of a gallery (`file_id` sorts by upload time).
pub fn gallery_file(gallery_id: &str, file_id: &str) -> Key {
    Key::new(gallery_partition(gallery_id), format!("{FILES}{file_id}"))
}
/// Sort-key prefix of a gallery's downloads log.
pub const DOWNLOADS: &str = "DL#";
/// One download of a gallery's file or archive.
pub fn gallery_download(gallery_id: &str, at_ms: i64, id: &str) -> Key {
    Key::new(
        gallery_partition(gallery_id),
        format!("{DOWNLOADS}{at_ms:013}#{id}"),
    )
}
/// Sort-key prefix of a gallery's archives.
pub const ARCHIVES: &str = "ARCHIVE#";
/// An archive of a gallery (`archive_id` names its selection and the gallery's version).
pub fn gallery_archive(gallery_id: &str, archive_id: &str) -> Key {
    Key::new(
        gallery_partition(gallery_id),
        format!("{ARCHIVES}{archive_id}"),
    )
}
/// The partition of delivered galleries by expiry: the sweep reminds their clients.
pub const GALLERIES_EXPIRING: &str = "GALLERIES_EXPIRING";
/// A delivered gallery waiting for its reminder.
pub fn gallery_expiring(expires_at: i64, gallery_id: &str) -> Key {
    Key::new(GALLERIES_EXPIRING, format!("{expires_at:012}#{gallery_id}"))
}
