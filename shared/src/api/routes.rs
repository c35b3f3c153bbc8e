//! The route table: declared once, used by the Lambda functions, the local gateway,
//! and checked against `template.yaml` by a test (`template_routes`).

use crate::app::App;
use crate::http::{ApiError, Reply, Req};
use crate::{
    accounts, calendar, contracts, events, galleries, messaging, notifier, profiles, projects,
    search,
};
use std::future::Future;
use std::pin::Pin;

pub type HandlerFuture<'a> = Pin<Box<dyn Future<Output = Result<Reply, ApiError>> + Send + 'a>>;
pub type Handler = for<'a> fn(&'a App, Req) -> HandlerFuture<'a>;

pub struct Route {
    /// Upper-case HTTP method.
    pub method: &'static str,
    /// Path with `{name}` parameters, as API Gateway writes it.
    pub path: &'static str,
    /// The Lambda function (binary in `functions/src/bin/`) that serves the route.
    pub function: &'static str,
    pub handler: Handler,
}

macro_rules! route {
    ($method:literal $path:literal => $function:literal, $handler:path) => {
        Route {
            method: $method,
            path: $path,
            function: $function,
            handler: |app, req| Box::pin($handler(app, req)),
        }
    };
}

pub static ROUTES: &[Route] = &[
    route!("POST" "/api/auth/signup" => "signup", accounts::signup::handle),
    route!("POST" "/api/auth/verify-email" => "verify-email", accounts::verify::handle),
    route!("POST" "/api/auth/verify-email/resend" => "resend-verification", accounts::resend::handle),
    route!("POST" "/api/auth/login" => "login", accounts::login::handle),
    route!("POST" "/api/auth/refresh" => "refresh", accounts::refresh::handle),
    route!("POST" "/api/auth/logout" => "logout", accounts::logout::handle),
    route!("POST" "/api/auth/password-reset" => "request-password-reset", accounts::reset_request::handle),
    route!("POST" "/api/auth/password-reset/confirm" => "reset-password", accounts::reset::handle),
    route!("GET" "/api/me" => "accounts-read", accounts::read::handle),
    route!("POST" "/api/ws/ticket" => "accounts-read", accounts::ws_ticket::handle),
    route!("GET" "/api/me/profile" => "profiles-read", profiles::own::handle),
    route!("PUT" "/api/me/profile" => "update-profile", profiles::update::handle),
    route!("GET" "/api/providers" => "profiles-read", profiles::providers::handle),
    route!("GET" "/api/providers/{id}" => "profiles-read", profiles::provider::handle),
    route!("GET" "/api/clients/{id}" => "profiles-read", profiles::client::handle),
    route!("POST" "/api/conversations" => "start-conversation", messaging::start::handle),
    route!("GET" "/api/conversations" => "messages-read", messaging::inbox::handle),
    route!("GET" "/api/conversations/{id}" => "messages-read", messaging::row::handle),
    route!("GET" "/api/conversations/{id}/messages" => "messages-read", messaging::history::handle),
    route!("POST" "/api/conversations/{id}/messages" => "send-message", messaging::send::handle),
    route!("POST" "/api/conversations/{id}/read" => "mark-read", messaging::mark_read::handle),
    route!("POST" "/api/conversations/{id}/archive" => "archive-conversation", messaging::archive::handle),
    route!("GET" "/api/me/unread" => "messages-read", messaging::unread::handle),
    route!("POST" "/api/email/unsubscribe" => "email-preferences", notifier::unsubscribe::handle),
    route!("POST" "/api/events" => "create-event", events::create::handle),
    route!("GET" "/api/events" => "events-read", events::list::handle),
    route!("GET" "/api/events/{id}" => "events-read", events::show::handle),
    route!("PUT" "/api/events/{id}" => "update-event", events::update::handle),
    route!("POST" "/api/events/{id}/cancel" => "cancel-event", events::cancel::handle),
    route!("POST" "/api/events/{id}/requests" => "invite-provider", events::invite::handle),
    route!("POST" "/api/events/{id}/requests/{provider_id}/answer" => "answer-request", events::answer::handle),
    route!("POST" "/api/events/{id}/requests/{provider_id}/book" => "book-provider", events::book::handle),
    route!("GET" "/api/requests" => "events-read", events::requests::handle),
    route!("POST" "/api/bookings" => "book-service", calendar::book::handle),
    route!("GET" "/api/bookings/{id}" => "calendar-read", calendar::show::handle),
    route!("POST" "/api/bookings/{id}/answer" => "answer-booking", calendar::answer::handle),
    route!("POST" "/api/bookings/{id}/cancel" => "cancel-booking", calendar::cancel::handle),
    route!("GET" "/api/me/bookings" => "calendar-read", calendar::mine::handle),
    route!("GET" "/api/me/calendar" => "calendar-read", calendar::agenda::handle),
    route!("PUT" "/api/me/calendar/rules" => "calendar-settings", calendar::settings::handle),
    route!("GET" "/api/providers/{id}/availability" => "calendar-read", calendar::availability::handle),
    route!("POST" "/api/me/calendar/feed" => "calendar-settings", calendar::feed_secret::handle),
    route!("GET" "/api/calendar/{token}" => "calendar-feed", calendar::feed::handle),
    route!("POST" "/api/me/calendar/imports" => "calendar-settings", calendar::import_add::handle),
    route!("DELETE" "/api/me/calendar/imports/{id}" => "calendar-settings", calendar::import_remove::handle),
    route!("GET" "/api/projects" => "projects-read", projects::list::handle),
    route!("GET" "/api/projects/{id}" => "projects-read", projects::show::handle),
    route!("POST" "/api/projects/{id}/status" => "project-status", projects::change::handle),
    route!("PUT" "/api/projects/{id}/notes" => "project-notes", projects::notes::handle),
    route!("GET" "/api/me/dashboard" => "projects-read", projects::dashboard::handle),
    route!("GET" "/api/me/contract-templates" => "projects-read", contracts::templates::handle),
    route!("POST" "/api/me/contract-templates" => "contract-templates", contracts::template_save::handle),
    route!("PUT" "/api/me/contract-templates/{id}" => "contract-templates", contracts::template_save::handle),
    route!("DELETE" "/api/me/contract-templates/{id}" => "contract-templates", contracts::template_delete::handle),
    route!("POST" "/api/projects/{id}/contract" => "contract-prepare", contracts::prepare::handle),
    route!("PUT" "/api/projects/{id}/contract" => "contract-prepare", contracts::edit::handle),
    route!("GET" "/api/projects/{id}/contract" => "contract-read", contracts::read::handle),
    route!("POST" "/api/projects/{id}/contract/send" => "contract-send", contracts::send::handle),
    route!("POST" "/api/projects/{id}/contract/code" => "contract-code", contracts::code::handle),
    route!("POST" "/api/projects/{id}/contract/sign" => "contract-sign", contracts::sign::handle),
    route!("POST" "/api/projects/{id}/contract/pdf" => "contract-read", contracts::download::handle),
    route!("GET" "/api/verify/{sha256}" => "projects-read", contracts::verify::handle),
    route!("GET" "/api/projects/{id}/galleries" => "galleries-read", galleries::list::handle),
    route!("POST" "/api/projects/{id}/galleries" => "gallery-edit", galleries::create::handle),
    route!("PUT" "/api/galleries/{id}" => "gallery-edit", galleries::update::handle),
    route!("DELETE" "/api/galleries/{id}" => "gallery-edit", galleries::remove::handle),
    route!("GET" "/api/galleries/{id}" => "galleries-read", galleries::show::handle),
    route!("POST" "/api/galleries/{id}/files" => "gallery-upload", galleries::upload::handle),
    route!("POST" "/api/galleries/{id}/files/{file_id}/parts/{number}" => "gallery-upload", galleries::part_url::handle),
    route!("GET" "/api/galleries/{id}/files/{file_id}/parts" => "gallery-upload", galleries::parts::handle),
    route!("POST" "/api/galleries/{id}/files/{file_id}/complete" => "gallery-upload", galleries::complete::handle),
    route!("DELETE" "/api/galleries/{id}/files/{file_id}" => "gallery-upload", galleries::remove_file::handle),
    route!("POST" "/api/galleries/{id}/deliver" => "gallery-deliver", galleries::deliver::handle),
    route!("POST" "/api/galleries/{id}/extend" => "gallery-deliver", galleries::extend::handle),
    route!("PUT" "/api/galleries/{id}/files/{file_id}/favourite" => "gallery-favourite", galleries::favourite::handle),
    route!("POST" "/api/galleries/{id}/files/{file_id}/download" => "gallery-download", galleries::download::handle),
    route!("POST" "/api/galleries/{id}/archives" => "gallery-download", galleries::archive::handle),
    route!("POST" "/api/galleries/{id}/archives/{archive_id}/parts/{number}/download" => "gallery-download", galleries::archive_download::handle),
    route!("GET" "/api/search" => "search", search::find::handle),
    route!("GET" "/api/places" => "search", search::place::handle),
];
