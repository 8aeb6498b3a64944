//! citizen-server: the backend of 市民之家 (citizen-home).
//!
//! At start it reads and checks the catalog directory, opens the database (SQLite by
//! default, PostgreSQL by `DATABASE_URL`), runs the migrations in `migrations/`, and loads
//! the catalog into the database in one transaction. Then it serves:
//!
//! | path | answer | module |
//! |---|---|---|
//! | `GET /api/v1/cities` | [`citizen_core::api::CitiesResponse`] | [`catalog`] |
//! | `GET /api/v1/cities/{code}` | [`citizen_core::api::CityResponse`], 404 `city_not_found` | [`catalog`] |
//! | `GET /api/v1/cities/{code}/services/{id}` | [`citizen_core::api::ServiceResponse`], 404 `city_not_found` / `service_not_found` | [`catalog`] |
//! | `GET /api/v1/regions` | [`citizen_core::api::RegionsResponse`] with a weak `ETag` (304 on `If-None-Match`), `Cache-Control: public, max-age=86400` | [`regions`] |
//! | `POST /api/v1/services/{id}/submissions` | 201 [`citizen_core::api::SubmissionResponse`] (200 with the original body and `Idempotent-Replayed: true` when an idempotency key is replayed, [`idempotency`]); 400, 404, 409, 413, 422 as listed in [`citizen_core::api`] | [`submissions`] |
//! | `GET /api/v1/submissions/{reference}` | [`citizen_core::api::SubmissionStatusResponse`] (answers masked), 404 `submission_not_found` | [`submissions`] |
//! | `GET /api/v1/session`, `PUT /api/v1/session/identity`, `DELETE /api/v1/session` | the resident's session and 实名 identity (signed `ch_session` cookie, rows in `sessions`) | [`sessions`] |
//! | `POST /api/v1/orders`, `GET /api/v1/orders/{id}`, `POST /api/v1/orders/{id}/payments`, `POST /api/v1/orders/{id}/cancel` | [`citizen_core::api::OrderResponse`]; 404 `order_not_found` to any other session | [`orders`] |
//! | `POST /api/v1/payments/sandbox/notify` | the sandbox provider's signed notification (401 `signature_invalid`) | [`payments`] |
//! | `GET /api/v1/my/items` | [`citizen_core::api::MyItemsResponse`]: this session's submissions and orders | [`my_items`] |
//! | any other `/api/…` | 404 JSON `not_found`; a wrong method is 405 JSON `method_not_allowed` | [`error`], [`router`] |
//! | `GET /api/v1/embed` | [`citizen_core::api::EmbedResponse`]: the partner origins ([`security`]) | [`embed`] |
//! | any `OPTIONS` | a CORS preflight answer, before routing | [`security`] |
//! | `GET /healthz` | `ok` when the database answers, 503 otherwise | [`health`] |
//! | anything else | the SPA from `DIST_DIR` (see [Static files](#static-files)) | `spa` |
//!
//! The API reads from the database, not from memory, with one exception: the region data
//! (`regions.json`, about 140 KB of static division codes) is kept in memory, serialised
//! once, and served with an `ETag` ([`regions`]). Submissions are written to the same
//! database as the catalog ([`submissions`] explains what is logged: never an answer).
//!
//! # Layout: one module per resource
//!
//! Each resource module owns its routes (`pub fn routes() -> Router<AppState>`), its
//! handlers and its SQL side by side: [`catalog`] (with the catalog's loading at start),
//! [`regions`], [`submissions`], [`embed`], [`health`]. [`router`] only composes them and
//! adds the shared layers. What they share: [`db`] (pool, connection, migrations),
//! [`error`] ([`ApiError`], the JSON error answers), [`idempotency`] (one table and one
//! function for every write that takes an `Idempotency-Key`), [`clock`], [`config`] and
//! [`security`]. The services to come get their own modules the same way (`sessions/`,
//! `orders/`, `bookings/`, `lookups/`), each one `merge` line in [`router`]; a write among
//! them runs through [`idempotency::Claim::write`] under its own scope.
//!
//! Queries are runtime SQL strings (`sqlx::query`, `query_as`, `query_scalar`), not the
//! compile-checked `query!` macros: those check against one database at build time and
//! cannot target the `Any` driver that runs the same SQL on SQLite and PostgreSQL. Each
//! string stays next to the handler that runs it, in portable SQL ([`db`]), and rows are read
//! into `#[derive(sqlx::FromRow)]` structs or scalars rather than with `try_get` by hand.
//!
//! # Configuration
//!
//! | flag | variable | default |
//! |---|---|---|
//! | `--catalog DIR` | `CATALOG_DIR` | `catalog` |
//! | `--dist DIR` | `DIST_DIR` | `dist` |
//! | `--addr HOST:PORT` | `ADDR` | `127.0.0.1:8080` |
//! | | `DATABASE_URL` | `sqlite://data/citizen-home.sqlite?mode=rwc` (parent directory created) |
//! | `--partner-origins LIST` | `PARTNER_ORIGINS` | none: sites that may frame the SPA and call the API ([`security`]) |
//! | | `RUST_LOG` | `info` (logs go to stderr) |
//!
//! When ready it prints `citizen-home listening on http://ADDR/` on stdout. Ctrl-C or
//! SIGTERM stops it gracefully. A broken catalog file stops the start with one line naming
//! the file and the field, and exit code 1 (a bad command line: exit code 2).
//!
//! ```text
//! cargo run -p citizen-server -- --catalog catalog --dist dist
//! DATABASE_URL=postgres://app:secret@localhost/citizen cargo run -p citizen-server
//! ```
//!
//! # Static files
//!
//! A request whose last path segment has a file extension is a file of `DIST_DIR` (404 when
//! missing, never `index.html`); every other GET is a client route and gets
//! `DIST_DIR/index.html` (`Cache-Control: no-cache`), or 503 when the SPA is not built.
//! Trunk's hashed assets are cached for a year as `immutable`, other files for an hour.
//! Every response is compressed (br, gzip) when the client accepts it and carries
//! `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer` and the
//! `Content-Security-Policy` of [`security::content_security_policy`].

#![warn(missing_docs)]

pub mod catalog;
pub mod clock;
pub mod config;
pub mod db;
pub mod embed;
pub mod error;
pub mod health;
pub mod idempotency;
pub mod lookups;
pub mod my_items;
pub mod orders;
pub mod payable;
pub mod payments;
pub mod regions;
pub mod sandbox;
pub mod security;
pub mod sessions;
mod spa;
pub mod submissions;

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::response::{IntoResponse, Response};
use axum::Router;
use sqlx::AnyPool;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

pub use crate::catalog::{load_catalog, LoadError, LoadedCatalog};
pub use crate::config::{Command, Config, ConfigError, Settings};
pub use crate::error::ApiError;

/// What the request handlers share: the database pool, the region data and where the SPA
/// is.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database the API reads from.
    pub pool: AnyPool,
    /// `DIST_DIR`, the built SPA.
    pub dist_dir: Arc<PathBuf>,
    /// `regions.json` as loaded, for `/api/v1/regions` and for checking region answers.
    pub regions: Arc<regions::RegionsData>,
    /// `PARTNER_ORIGINS`: who may frame the SPA and call the API cross-origin.
    pub partner_origins: Arc<security::PartnerOrigins>,
    /// The key of the session cookies, resident ID hashes and payment notifications
    /// (`SESSION_SECRET` or the database's, [`sessions`]).
    pub secret: Arc<sessions::ServerSecret>,
    /// The payment providers ([`payments`]): the sandbox and the partner cashiers.
    pub payments: Arc<payments::Payments>,
}

/// Why the server did not start (or stopped serving).
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The catalog directory is missing, unreadable or has a broken file.
    #[error(transparent)]
    Catalog(#[from] LoadError),
    /// The database could not be opened.
    #[error(transparent)]
    Connect(#[from] db::ConnectError),
    /// A setting of the environment is invalid ([`Settings`]).
    #[error(transparent)]
    Settings(#[from] ConfigError),
    /// A migration failed.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The catalog could not be written to the database.
    #[error("cannot load the catalog into the database: {0}")]
    Store(#[source] db::DbError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source} (set --addr or ADDR)")]
    Bind {
        /// `ADDR` as given.
        addr: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The server stopped with an I/O error.
    #[error("server error: {0}")]
    Serve(#[source] std::io::Error),
}

/// A server ready to serve: the router and the pool behind it.
#[derive(Debug, Clone)]
pub struct App {
    /// Every route, fallback and layer; serve it with `axum::serve` or call it with
    /// `tower::ServiceExt::oneshot`.
    pub router: Router,
    /// The database pool; close it after serving.
    pub pool: AnyPool,
    /// What the handlers share (for background tasks such as [`orders::sweeper`]).
    pub state: AppState,
}

/// Loads the catalog, opens and migrates the database, replaces the catalog tables'
/// contents and builds the router. Nothing is written when the catalog is broken.
///
/// Errors: [`StartError::Catalog`], [`StartError::Connect`], [`StartError::Migrate`],
/// [`StartError::Store`].
pub async fn prepare(config: &Config) -> Result<App, StartError> {
    prepare_with(config, Settings::default()).await
}

/// [`prepare`] with these [`Settings`] (the session secret, the sandbox's timing) instead
/// of the defaults.
///
/// Errors: those of [`prepare`].
pub async fn prepare_with(config: &Config, settings: Settings) -> Result<App, StartError> {
    let catalog = load_catalog(&config.catalog_dir)?;
    let pool = db::connect(&config.database_url).await?;
    db::MIGRATOR.run(&pool).await?;
    catalog::replace_catalog(&pool, &catalog)
        .await
        .map_err(StartError::Store)?;
    let today = citizen_core::date::CalendarDate::in_china_at(clock::now_unix());
    sandbox::seed(&pool, &catalog, today)
        .await
        .map_err(StartError::Store)?;
    tracing::info!(
        cities = catalog.cities.len(),
        joined = catalog.catalogs.len(),
        services = catalog.catalogs.iter().map(|c| c.services.len()).sum::<usize>(),
        database = %db::redact(&config.database_url),
        "catalog loaded"
    );
    let secret = Arc::new(
        sessions::ServerSecret::load(&pool, settings.session_secret.as_deref())
            .await
            .map_err(StartError::Store)?,
    );
    // Payments settle orders through this hook: the root may use both, payments never
    // use orders.
    let settle = payments::Settle(Arc::new(|pool, order_id, trade_no, outcome| {
        Box::pin(async move { orders::settle_trade(&pool, &order_id, &trade_no, &outcome).await })
    }));
    let state = AppState {
        pool: pool.clone(),
        dist_dir: Arc::new(config.dist_dir.clone()),
        regions: Arc::new(regions::RegionsData::new(catalog.regions)),
        partner_origins: Arc::new(config.partner_origins.clone()),
        secret: Arc::clone(&secret),
        payments: Arc::new(payments::Payments::new(
            payments::sandbox::SandboxProvider::new(pool.clone(), secret, settings.sandbox, settle),
        )),
    };
    Ok(App {
        router: router(state.clone()),
        pool,
        state,
    })
}

/// Prepares the app ([`prepare`]), listens on `config.addr`, prints
/// `citizen-home listening on http://ADDR/` on stdout and serves until Ctrl-C or SIGTERM,
/// then lets open requests finish and closes the database.
///
/// Errors: those of [`prepare`], [`StartError::Bind`], [`StartError::Serve`].
pub async fn run(config: Config) -> Result<(), StartError> {
    let settings = Settings::from_env()?;
    let app = prepare_with(&config, settings).await?;
    let bind_error = |source| StartError::Bind {
        addr: config.addr.clone(),
        source,
    };
    let listener = tokio::net::TcpListener::bind(&config.addr)
        .await
        .map_err(bind_error)?;
    let local = listener.local_addr().map_err(bind_error)?;
    println!("citizen-home listening on http://{local}/");
    let sweeper = tokio::spawn(orders::sweeper(app.state.clone()));
    axum::serve(listener, app.router)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(StartError::Serve)?;
    sweeper.abort();
    app.pool.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// The router: every resource's routes, the API's JSON 404/405 and the SPA fallback, with
/// compression, security headers and request tracing around all of them, and CORS outside
/// everything (a preflight is answered before any of it runs).
pub fn router(state: AppState) -> Router {
    let partners = Arc::clone(&state.partner_origins);
    let trace = TraceLayer::new_for_http()
        // Method and path only: a query string could one day carry something personal.
        .make_span_with(|req: &Request| {
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
        })
        .on_response(DefaultOnResponse::new().level(tracing::Level::INFO));
    let mut router = Router::new()
        .merge(catalog::routes())
        .merge(regions::routes())
        .merge(submissions::routes())
        .merge(sessions::routes())
        .merge(orders::routes())
        .merge(payments::routes())
        .merge(my_items::routes())
        .merge(lookups::routes())
        .merge(embed::routes())
        .merge(health::routes())
        // After the merges: it applies to the routes registered so far.
        .method_not_allowed_fallback(error::method_not_allowed)
        .fallback(fallback)
        .with_state(state)
        .layer(CompressionLayer::new())
        .layer(trace)
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ));
    for (name, value) in security::response_headers(&partners) {
        router = router.layer(SetResponseHeaderLayer::overriding(name, value));
    }
    router.layer(security::cors(&partners))
}

/// Everything no route matched: JSON 404 under `/api`, the SPA for GET and HEAD elsewhere,
/// JSON 405 for other methods.
async fn fallback(State(state): State<AppState>, req: Request) -> Response {
    let path = req.uri().path();
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::NotFound.into_response();
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut response = ApiError::MethodNotAllowed.into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    spa::serve(&state.dist_dir, req).await
}

/// Resolves on Ctrl-C or SIGTERM. If a handler cannot be installed, that signal is logged
/// and ignored (the other still works).
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing open requests");
}
