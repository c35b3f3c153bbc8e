//! Starts one `moto_server` per test binary on 127.0.0.1 (a free port) and stops it
//! when the test process exits (the child gets SIGKILL through PR_SET_PDEATHSIG,
//! armed from a thread that lives as long as the process).
//!
//! The server is moto's application served one request at a time by
//! `infra/moto/serve.py` (DynamoDB's per-item atomicity; moto's threaded server
//! loses concurrent writes), run by the `.venv` Python that `scripts/setup.sh`
//! installs, or `$MOTO_PYTHON`.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub struct Moto {
    pub endpoint: String,
}

static MOTO: OnceLock<Moto> = OnceLock::new();

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn python() -> PathBuf {
    std::env::var_os("MOTO_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repository().join(".venv/bin/python"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The shared moto server of this test binary, started on first use.
pub fn moto() -> &'static Moto {
    MOTO.get_or_init(|| {
        // The tests' HTTP client (reqwest) shares the library's rustls without a crypto
        // provider of its own: give the process the SDK's (aws-lc-rs).
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let port = free_port();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut command = Command::new(python());
            command
                .arg(repository().join("infra/moto/serve.py"))
                .args(["127.0.0.1", &port.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            // SAFETY: prctl is async-signal-safe; it only arms a signal for this child.
            unsafe {
                command.pre_exec(|| {
                    libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                    Ok(())
                });
            }
            let child = command.spawn();
            tx.send(child.map(|_| ()).map_err(|e| e.to_string()))
                .unwrap();
            // Keep this thread (the child's parent) alive for the whole process.
            loop {
                std::thread::park();
            }
        });
        rx.recv()
            .unwrap()
            .expect("cannot start moto_server: run scripts/setup.sh");
        let endpoint = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "moto_server did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Moto { endpoint }
    })
}

/// An AWS SDK configuration pointed at the moto server (fake credentials, eu-west-3).
pub async fn aws_config() -> aws_config::SdkConfig {
    let moto = moto();
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(&moto.endpoint)
        .region(aws_config::Region::new("eu-west-3"))
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
            "testing", "testing", None, None, "moto",
        ))
        .load()
        .await
}
