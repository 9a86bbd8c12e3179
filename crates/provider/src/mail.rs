//! Outgoing mail behind one trait: SMTP in production (lettre), a folder of
//! `.eml` files in development and tests, so a person or a test can open
//! exactly what would have been sent.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

use anyhow::Context;
use lettre::message::Mailbox;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// One message to one person.
#[derive(Debug, Clone, Default)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    /// Where the message sits in a conversation, so mail programs thread
    /// a ticket's messages together.
    pub thread: Option<MailThread>,
}

/// `Message-ID` of this message and the conversation's first message
/// (`In-Reply-To` and `References`), each `<local@domain>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailThread {
    pub message_id: String,
    pub in_reply_to: String,
}

pub type MailFuture<'a> = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send + 'a>>;

pub trait Mailer: Send + Sync + std::fmt::Debug {
    fn send(&self, mail: Mail) -> MailFuture<'_>;
}

const FROM: &str = "HostJamstack <no-reply@hostjamstack.com>";

fn build(mail: &Mail) -> anyhow::Result<Message> {
    let to: Mailbox = mail.to.parse().context("Failed to parse the recipient")?;
    let mut builder = Message::builder().from(FROM.parse().context("Failed to parse the sender")?).to(to).subject(mail.subject.clone());
    if let Some(thread) = &mail.thread {
        builder = builder
            .message_id(Some(thread.message_id.clone()))
            .in_reply_to(thread.in_reply_to.clone())
            .references(thread.in_reply_to.clone());
    }
    builder.body(mail.text.clone()).context("Failed to build the message")
}

/// Writes each message as `<id>.eml` into a folder.
#[derive(Debug)]
pub struct FolderMailer {
    transport: AsyncFileTransport<Tokio1Executor>,
}

impl FolderMailer {
    pub fn new(folder: PathBuf) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&folder).with_context(|| format!("Failed to create the mail folder {}", folder.display()))?;
        Ok(Self { transport: AsyncFileTransport::new(folder) })
    }
}

impl Mailer for FolderMailer {
    fn send(&self, mail: Mail) -> MailFuture<'_> {
        Box::pin(async move {
            let message = build(&mail)?;
            self.transport.send(message).await.context("Failed to write the message file")?;
            Ok(())
        })
    }
}

/// Sends over SMTP, e.g. `smtps://user:pass@smtp.example.com`.
#[derive(Debug)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl SmtpMailer {
    pub fn new(url: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url).context("Failed to parse the SMTP URL")?.build();
        Ok(Self { transport })
    }
}

impl Mailer for SmtpMailer {
    fn send(&self, mail: Mail) -> MailFuture<'_> {
        Box::pin(async move {
            let message = build(&mail)?;
            self.transport.send(message).await.context("Failed to send over SMTP")?;
            Ok(())
        })
    }
}
