//! What the calendar reads and writes of a provider: its listed profile with its services
//! and rules (one GetItem), its bookings of a range of days (one Query on gsi1), and its
//! calendar settings, written on its profile item.

use super::model::Booking;
use super::rules::Rules;
use crate::app::App;
use crate::error::Error;
use crate::keys;
use crate::ports::{Condition, Index, Query, SortKey, StoreError, Update};
use crate::profiles::model::{self as profiles, Profile, ProviderProfile, Service};

/// A listed provider's profile and its rules.
pub struct Offer {
    pub profile: ProviderProfile,
    pub rules: Rules,
}

impl Offer {
    /// The listed provider `provider_id`'s offer (404 for anyone else).
    pub async fn of(app: &App, provider_id: &str) -> Result<Self, Error> {
        let not_found = || Error::not_found("no such provider");
        let item = app
            .table
            .get(&keys::profile(provider_id))
            .await?
            .filter(profiles::is_listed)
            .ok_or_else(not_found)?;
        let rules = Rules::of_profile(&item)?;
        match profiles::from_item(item)?.0 {
            Profile::Provider(profile) => Ok(Offer { profile, rules }),
            Profile::Client(_) => Err(not_found()),
        }
    }

    /// The service named `name` (any case): 400 `unknown_service` when there is none.
    pub fn service(&self, name: &str) -> Result<&Service, Error> {
        let wanted = name.trim().to_lowercase();
        self.profile
            .services
            .iter()
            .find(|s| s.name.to_lowercase() == wanted)
            .ok_or_else(|| {
                Error::invalid(
                    "unknown_service",
                    format!("this provider offers no service named \"{}\"", name.trim()),
                )
            })
    }
}

/// The provider's bookings from `from` on (`YYYY-MM-DD`), up to `to` included when given,
/// by day: one Query of its calendar on gsi1.
pub async fn bookings(
    app: &App,
    provider_id: &str,
    from: &str,
    to: Option<&str>,
    limit: usize,
) -> Result<Vec<Booking>, Error> {
    let sort = match to {
        Some(to) => SortKey::Between(from.to_owned(), format!("{to}#~")),
        None => SortKey::GreaterThan(from.to_owned()),
    };
    let page = app
        .table
        .query(
            Query::partition(keys::provider_bookings(provider_id))
                .on(Index::Gsi1)
                .sort(sort)
                .limit(limit),
        )
        .await?;
    page.items.into_iter().map(Booking::from_item).collect()
}

/// Writes a calendar setting on the provider's profile item.
pub async fn save_setting(app: &App, provider_id: &str, update: Update) -> Result<(), Error> {
    match app
        .table
        .update(&keys::profile(provider_id), update, Some(Condition::Exists))
        .await
    {
        Ok(_) => Ok(()),
        Err(StoreError::ConditionFailed) => {
            Err(Error::unauthorized("this account no longer exists"))
        }
        Err(e) => Err(e.into()),
    }
}
