//! `mentorkit serve`: the dev server's options, as the command line gives them.

use std::net::IpAddr;
use std::path::PathBuf;

use super::Verbosity;
use crate::error::Error;
use crate::serve::{self, ServeOptions};

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The handbook project folder
    #[arg(short, long, default_value = ".")]
    root: PathBuf,
    /// The port to listen on (default: 1111, or the next free port)
    #[arg(short, long)]
    port: Option<u16>,
    /// The address to listen on; anything but 127.0.0.1 / ::1 exposes the site to the network
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Open the site in the default browser
    #[arg(short = 'O', long)]
    open: bool,
    /// Check files for changes by polling (for network or container file systems)
    #[arg(long)]
    poll: bool,
    /// Serve guides marked `draft: true` too, each marked as a draft
    #[arg(short = 'D', long)]
    drafts: bool,
}

pub fn run(args: ServeArgs, verbosity: Verbosity) -> Result<(), Error> {
    serve::serve(&ServeOptions {
        root: args.root,
        port: args.port,
        bind: args.bind,
        open: args.open,
        poll: args.poll,
        drafts: args.drafts,
        quiet: !verbosity.says(),
    })
}
