// The app's own commands are denied to windows unless a capability
// grants them (permissions/app-commands.toml), like any plugin's.
const COMMANDS: &[&str] = &[
    "app_state",
    "open_demo",
    "sign_in",
    "sign_out",
    "switch_workspace",
    "remove_workspace",
    "set_workspace_address",
    "sync_now",
    "set_demo_provider_running",
    "save_settings",
    "me",
    "dashboard_painted",
    "dashboard",
    "documents",
    "document",
    "person",
    "search",
    "domains",
    "domain",
    "set_domain_settings",
    "check_nameservers",
    "default_nameservers",
    "export_domains_csv",
    "tickets",
    "ticket_thread",
    "notifications",
    "mark_notification",
    "mark_all_notifications_read",
    "outbox",
    "retry_entry",
    "discard_entry",
    "edit_entry",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)).expect("the Tauri build step failed");
}
