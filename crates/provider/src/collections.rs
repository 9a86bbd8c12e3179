//! How the collections without endpoints of their own yet are stored: the
//! columns each table copies out of its documents (see the migration for
//! the indexes they serve). Their documents reach clients through the
//! change feed and the snapshot.

use hjs_model::documents::{
    Deployment, DomainOrder, DomainTransfer, HostingPackage, HostingProject, PaymentMethod, SupportPackage, SupportTicket,
};

use crate::store::{impl_stored, Column};

impl_stored!(DomainTransfer, "domain_transfers", |transfer| [
    "domain_id" => Column::Text(transfer.domain_id.to_string()),
    "status" => Column::Text(transfer.status.as_str().to_string()),
]);

impl_stored!(DomainOrder, "domain_orders", |order| [
    "order_number" => Column::Text(order.order_number.clone()),
    "status" => Column::Text(order.status.as_str().to_string()),
]);

impl_stored!(PaymentMethod, "payment_methods", |method| []);

impl_stored!(HostingPackage, "hosting_packages", |package| [
    "status" => Column::Text(package.status.as_str().to_string()),
    "next_billing_date" => Column::NullableText(package.next_billing_date.map(|d| d.to_string())),
]);

impl_stored!(HostingProject, "hosting_projects", |project| [
    "hosting_package_id" => Column::Text(project.hosting_package_id.to_string()),
    "repository_url" => Column::Text(project.repository.url.clone()),
]);

impl_stored!(Deployment, "deployments", |deployment| [
    "project_id" => Column::Text(deployment.project_id.to_string()),
    "status" => Column::Text(deployment.status.as_str().to_string()),
    "environment" => Column::Text(deployment.environment.as_str().to_string()),
]);

impl_stored!(SupportPackage, "support_packages", |package| [
    "status" => Column::Text(package.status.as_str().to_string()),
    "next_billing_date" => Column::NullableText(package.next_billing_date.map(|d| d.to_string())),
]);

impl_stored!(SupportTicket, "support_tickets", |ticket| [
    "support_package_id" => Column::NullableText(ticket.support_package_id.map(|p| p.to_string())),
    "ticket_number" => Column::Text(ticket.ticket_number.clone()),
    "status" => Column::Text(ticket.status.as_str().to_string()),
    "priority" => Column::Text(ticket.priority.as_str().to_string()),
]);
