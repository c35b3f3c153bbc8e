//! Galleries: the files a provider delivers in a project. Uploads go straight from the
//! browser to storage (a signed PUT, or S3 multipart with signed parts); the storage's
//! event checks each file and makes its previews; the client sees a delivered gallery,
//! marks favourites, downloads originals and ZIP archives built off the request path;
//! every download is logged as the proof of delivery. docs/GALLERIES.md.
//!
//! - [`create`], [`update`], [`remove`] (function `gallery-edit`); [`list`], [`show`]
//!   (function `galleries-read`);
//! - [`upload`], [`part_url`], [`parts`], [`complete`], [`remove_file`] (function
//!   `gallery-upload`); [`landing`] with [`sniff`] and [`previews`] (function
//!   `gallery-preview`, on the S3 event);
//! - [`deliver`], [`extend`] (function `gallery-deliver`); [`favourite`] (function
//!   `gallery-favourite`); [`download`], [`archive`], [`archive_download`] (function
//!   `gallery-download`); [`build`] (function `gallery-archive`, on the table's stream);
//! - [`expiry`]: the reminders a week before a gallery expires (run by `projects-sweep`).

pub mod archive;
pub mod archive_download;
pub mod build;
pub mod complete;
pub mod create;
pub mod deliver;
pub mod download;
pub mod expiry;
pub mod extend;
pub mod favourite;
pub mod landing;
pub mod list;
pub mod log;
pub mod model;
pub mod part_url;
pub mod parts;
pub mod previews;
pub mod remove;
pub mod remove_file;
pub mod show;
pub mod sniff;
pub mod update;
pub mod upload;
pub mod view;
