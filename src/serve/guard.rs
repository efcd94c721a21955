//! Who the server answers: requests addressed to it by a local name, from its own pages.
//!
//! - `Host` must name the server as a browser on this machine does: `localhost`, `127.0.0.1`
//!   or `[::1]`, or the address given to `--bind`, with the server's port. A page of another
//!   site that makes its own name resolve to 127.0.0.1 (DNS rebinding) sends its own name and
//!   is refused. With `--bind 0.0.0.0` (or `::`) any IP address is accepted, since the machine's
//!   addresses are not known here; names other than `localhost` still are not.
//! - `Origin`, when a browser sends one (it always does to open a WebSocket), must be one of the
//!   same `http://` addresses: a page of another site cannot read the reload channel's build
//!   diagnostics. A client that sends no `Origin` is not a browser page and is let through.

use std::net::IpAddr;

use axum::http::{HeaderMap, Uri, header};

/// The addresses the server answers to.
#[derive(Clone, Copy)]
pub(super) struct Guard {
    pub(super) bind: IpAddr,
    pub(super) port: u16,
}

impl Guard {
    /// Why a request is refused, or `None` when it is addressed to this server by a local page.
    pub(super) fn refusal(&self, uri: &Uri, headers: &HeaderMap) -> Option<&'static str> {
        let host = headers
            .get(header::HOST)
            .and_then(|value| value.to_str().ok());
        if !host.is_some_and(|host| self.allows_authority(host)) {
            return Some(
                "403 forbidden: this server answers only to localhost, 127.0.0.1 or [::1] with its port",
            );
        }
        // An absolute request target names a host too; it must be a local one as well.
        if let Some(authority) = uri.authority()
            && !self.allows_authority(authority.as_str())
        {
            return Some("403 forbidden: the request names another host");
        }
        if let Some(origin) = headers.get(header::ORIGIN) {
            let local = origin
                .to_str()
                .ok()
                .and_then(|origin| origin.strip_prefix("http://"))
                .is_some_and(|authority| self.allows_authority(authority));
            if !local {
                return Some("403 forbidden: requests from pages of other sites are refused");
            }
        }
        None
    }

    /// Whether `authority` (`host`, `host:port`, `[v6]:port`) names this server.
    pub(super) fn allows_authority(&self, authority: &str) -> bool {
        let (host, port) = match split_authority(authority) {
            Some(parts) => parts,
            None => return false,
        };
        // Without a port a browser means 80.
        if port.unwrap_or(80) != self.port {
            return false;
        }
        if host.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let Ok(ip) = host.parse::<IpAddr>() else {
            return false;
        };
        ip == IpAddr::from([127, 0, 0, 1])
            || ip == IpAddr::from(std::net::Ipv6Addr::LOCALHOST)
            || ip == self.bind
            || self.bind.is_unspecified()
    }
}

/// `host` and its port, if any; `None` when the text is not a plain host and port.
fn split_authority(authority: &str) -> Option<(&str, Option<u16>)> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        match after {
            "" => (host, None),
            _ => (host, Some(after.strip_prefix(':')?)),
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return None;
    }
    let port = match port {
        // Digits only: `+80` or `80 ` would parse or be tolerated elsewhere.
        Some(port) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
            Some(port.parse().ok()?)
        }
        Some(_) => return None,
        None => None,
    };
    Some((host, port))
}

#[cfg(test)]
mod tests {
    use super::Guard;
    use std::net::IpAddr;

    #[test]
    fn only_local_names_with_the_port_are_allowed() {
        let guard = Guard {
            bind: IpAddr::from([127, 0, 0, 1]),
            port: 1111,
        };
        for allowed in [
            "localhost:1111",
            "LocalHost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
        ] {
            assert!(guard.allows_authority(allowed), "{allowed}");
        }
        for refused in [
            "localhost",
            "localhost:1112",
            "localhost:+1111",
            "localhost:",
            "evil.example:1111",
            "localhost.evil.example:1111",
            "127.0.0.1:1111@evil.example",
            "127.0.0.2:1111",
            "10.0.0.1:1111",
            "[::1]",
            "[::1]x:1111",
            "::1:1111",
            ":1111",
            "",
        ] {
            assert!(!guard.allows_authority(refused), "{refused}");
        }
        let on_80 = Guard { port: 80, ..guard };
        assert!(on_80.allows_authority("localhost"));

        let lan = Guard {
            bind: IpAddr::from([192, 168, 1, 5]),
            port: 1111,
        };
        assert!(lan.allows_authority("192.168.1.5:1111"));
        assert!(lan.allows_authority("127.0.0.1:1111"));
        assert!(!lan.allows_authority("192.168.1.6:1111"));
        let everywhere = Guard {
            bind: IpAddr::from([0, 0, 0, 0]),
            port: 1111,
        };
        assert!(everywhere.allows_authority("192.168.1.6:1111"));
        assert!(!everywhere.allows_authority("handbook.example:1111"));
    }
}
