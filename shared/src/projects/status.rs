//! A project's statuses and the changes allowed between them, each by one side.
//!
//! | from | to | by |
//! |---|---|---|
//! | confirmed | contract_sent | the platform, when the provider sends the contract |
//! | contract_sent | contract_signed | the platform, when both sides have signed |
//! | confirmed, contract_signed | in_preparation | the provider |
//! | confirmed, contract_sent, contract_signed, in_preparation | done | the platform, the day after the date |
//! | done | in_production | the provider |
//! | in_production | delivered | the provider (or the file delivery) |
//! | done | completed | the provider, when there is nothing to deliver |
//! | delivered | completed | the client, who received the delivery |
//! | any status before delivered | cancelled | either side, with a reason |

use super::model::Actor;
use crate::error::Error;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Confirmed,
    ContractSent,
    ContractSigned,
    InPreparation,
    Done,
    InProduction,
    Delivered,
    Completed,
    Cancelled,
}

use Status::*;

/// Every status, in the pipeline's order.
pub const ALL: [Status; 9] = [
    Confirmed,
    ContractSent,
    ContractSigned,
    InPreparation,
    Done,
    InProduction,
    Delivered,
    Completed,
    Cancelled,
];

/// The statuses the day passing turns into `done`.
pub const BEFORE_THE_DAY: [Status; 4] = [Confirmed, ContractSent, ContractSigned, InPreparation];

impl Status {
    /// Its name, as the API and the table write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Confirmed => "confirmed",
            ContractSent => "contract_sent",
            ContractSigned => "contract_signed",
            InPreparation => "in_preparation",
            Done => "done",
            InProduction => "in_production",
            Delivered => "delivered",
            Completed => "completed",
            Cancelled => "cancelled",
        }
    }

    /// Who may change a project from this status to `to` (None: nobody).
    pub fn changed_by(self, to: Status) -> Option<By> {
        match (self, to) {
            (Confirmed, ContractSent) | (ContractSent, ContractSigned) => Some(By::Platform),
            (Confirmed | ContractSigned, InPreparation) => Some(By::Provider),
            (from, Done) if BEFORE_THE_DAY.contains(&from) => Some(By::Platform),
            (Done, InProduction) | (InProduction, Delivered) | (Done, Completed) => {
                Some(By::Provider)
            }
            (Delivered, Completed) => Some(By::Client),
            (from, Cancelled) if from.is_cancellable() => Some(By::EitherSide),
            _ => None,
        }
    }

    /// Before the delivery: it can still be cancelled.
    pub fn is_cancellable(self) -> bool {
        !matches!(self, Delivered | Completed | Cancelled)
    }

    /// What `side` may change it to by hand.
    pub fn next_for(self, side: Actor) -> Vec<Status> {
        ALL.into_iter()
            .filter(|to| self.changed_by(*to).is_some_and(|by| by.allows(side)))
            .collect()
    }
}

/// Who may make a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Client,
    Provider,
    EitherSide,
    Platform,
}

impl By {
    pub fn allows(self, actor: Actor) -> bool {
        matches!(
            (self, actor),
            (By::Client, Actor::Client)
                | (By::Provider, Actor::Provider)
                | (By::EitherSide, Actor::Client | Actor::Provider)
                | (By::Platform, Actor::Platform)
        )
    }
}

/// Whether `actor` may change a project from `from` to `to`: 409
/// `transition_not_allowed` for a change the pipeline does not have (or one only the
/// platform makes), 403 for the wrong side.
pub fn check(from: Status, to: Status, actor: Actor) -> Result<(), Error> {
    match from.changed_by(to) {
        Some(by) if by.allows(actor) => Ok(()),
        Some(By::Platform) | None => Err(Error::conflict(
            "transition_not_allowed",
            format!(
                "a project cannot go from {} to {} this way",
                from.as_str(),
                to.as_str()
            ),
        )),
        Some(_) => Err(Error::forbidden(format!(
            "the other side moves a project from {} to {}",
            from.as_str(),
            to.as_str()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_name_is_the_serialized_one() {
        for status in ALL {
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
    }

    #[test]
    fn each_change_has_its_side_and_nothing_else_is_allowed() {
        assert!(check(Confirmed, InPreparation, Actor::Provider).is_ok());
        assert_eq!(
            check(Confirmed, InPreparation, Actor::Client)
                .unwrap_err()
                .kind,
            crate::error::Kind::Forbidden
        );
        assert_eq!(
            check(Confirmed, Delivered, Actor::Provider)
                .unwrap_err()
                .code,
            "transition_not_allowed"
        );
        assert_eq!(
            check(Confirmed, ContractSent, Actor::Provider)
                .unwrap_err()
                .code,
            "transition_not_allowed"
        );
        assert!(check(Delivered, Completed, Actor::Client).is_ok());
        assert!(check(InProduction, Cancelled, Actor::Client).is_ok());
        assert!(check(Delivered, Cancelled, Actor::Client).is_err());
        assert_eq!(Confirmed.next_for(Actor::Client), vec![Cancelled]);
        assert_eq!(
            Done.next_for(Actor::Provider),
            vec![InProduction, Completed, Cancelled]
        );
    }
}
