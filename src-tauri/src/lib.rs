//! HostJamstack Desk: the Tauri 2 shell. The window's UI (`ui/`) calls the
//! commands here; they are thin fronts over `hjs-client`, the same engine
//! the `hjs` CLI uses.
//!
//! # Layout
//!
//! - [`run`]: plugins, state and commands, wired once.
//! - [`desk`]: [`desk::Desk`], the state behind every command (workspaces,
//!   the open session, the demo provider) and [`desk::AppState`].
//! - [`session`]: an open workspace's sync loop and the events it sends
//!   the window (`sync-status`, `bootstrap-progress`, `new-notifications`,
//!   `ticket-presence`).
//! - [`demo`]: the demo workspace's in-process provider.
//! - [`commands`]: the commands, by business area.
//! - [`logging`]: what the log keeps (`HJS_LOG`).
//! - [`settings`]: theme and preferences (tauri-plugin-store);
//!   [`export`]: CSV files; [`error`]: [`error::UiError`], `{code, message, field?}`.

pub mod commands;
pub mod demo;
pub mod desk;
pub mod error;
pub mod export;
pub mod logging;
pub mod session;
pub mod settings;

use tauri::Manager;

use crate::desk::Desk;

/// The log: levels from [`logging::Levels`] (`HJS_LOG`), to stdout and the
/// app's log folder.
fn log_plugin<R: tauri::Runtime>(levels: logging::Levels) -> tauri::plugin::TauriPlugin<R> {
    let mut builder = tauri_plugin_log::Builder::new().level(levels.default);
    for (target, level) in levels.modules {
        builder = builder.level_for(target, level);
    }
    builder.build()
}

/// Starts the app and runs until its window closes.
pub fn run() {
    let context = tauri::generate_context!();
    let (levels, refused) = logging::Levels::from_spec(std::env::var("HJS_LOG").ok().as_deref());
    tauri::Builder::default()
        // A second launch focuses the running window instead of opening another.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(log_plugin(levels))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_store::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        // Opens downloaded attachments with the system's handler (from Rust only).
        .plugin(tauri_plugin_opener::init())
        .setup(move |app| {
            if !refused.is_empty() {
                tracing::warn!(ignored = %refused.join(", "), "HJS_LOG items that are not levels");
            }
            let home = hjs_client::Home::from_env()?;
            let settings = settings::load(app.handle(), &home);
            app.manage(Desk::new(home, &settings));
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let desk = handle.state::<Desk>();
                desk.start(&handle).await;
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_state,
            commands::app::open_demo,
            commands::app::sign_in,
            commands::app::sign_out,
            commands::app::switch_workspace,
            commands::app::remove_workspace,
            commands::app::set_workspace_address,
            commands::dns::zone_records,
            commands::dns::preview_dns_plan,
            commands::dns::apply_dns_plan,
            commands::dns::import_zone_file,
            commands::dns::import_zone_text,
            commands::dns::export_zone_file,
            commands::dns::zone_lint,
            commands::dns::zone_versions,
            commands::dns::zone_version_diff,
            commands::dns::restore_zone_version,
            commands::dns::dns_templates,
            commands::dns::template_dry_run,
            commands::dns::apply_template,
            commands::audit::history,
            commands::audit::audit_events,
            commands::audit::export_audit_csv,
            commands::email_forwarding::forwards,
            commands::email_forwarding::create_forward,
            commands::email_forwarding::update_forward,
            commands::email_forwarding::delete_forward,
            commands::email_forwarding::mail_routing,
            commands::email_forwarding::export_forwards,
            commands::app::sync_now,
            commands::app::set_demo_provider_running,
            commands::app::save_settings,
            commands::app::me,
            commands::app::dashboard_painted,
            commands::documents::dashboard,
            commands::documents::documents,
            commands::documents::document,
            commands::documents::person,
            commands::documents::search,
            commands::domains::domains,
            commands::domains::domain,
            commands::domains::set_domain_settings,
            commands::domains::check_nameservers,
            commands::domains::default_nameservers,
            commands::domains::export_domains_csv,
            commands::support::tickets,
            commands::support::ticket_thread,
            commands::support::open_ticket,
            commands::support::change_ticket,
            commands::support::post_message,
            commands::support::support_staff,
            commands::support::ticket_counts,
            commands::support::merge_tickets,
            commands::support::ticket_id,
            commands::support::reply_draft,
            commands::support::save_reply_draft,
            commands::support::announce_presence,
            commands::support::canned_replies,
            commands::support::save_canned_reply,
            commands::support::delete_canned_reply,
            commands::support::render_canned_reply,
            commands::support::search_tickets,
            commands::support::stage_attachment_path,
            commands::support::stage_attachment_bytes,
            commands::support::discard_staged_attachment,
            commands::support::open_attachment,
            commands::support::save_attachment,
            commands::support::attachment_thumbnail,
            commands::notifications::notifications,
            commands::notifications::mark_notification,
            commands::notifications::mark_all_notifications_read,
            commands::outbox::outbox,
            commands::outbox::retry_entry,
            commands::outbox::discard_entry,
            commands::outbox::edit_entry,
        ])
        .run(context)
        .expect("the app failed to start");
}
