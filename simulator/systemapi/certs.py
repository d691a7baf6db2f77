"""Self-signed certificates for the simulated System API (generated at start)."""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
import hashlib
import ipaddress
from pathlib import Path
import ssl
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass(frozen=True, slots=True)
class CertificatePair:
    """A PEM certificate, its key and the certificate's SHA-256 fingerprint."""

    cert_pem: bytes
    key_pem: bytes
    fingerprint: str

    @property
    def fingerprint_bytes(self) -> bytes:
        """The raw SHA-256 digest of the DER certificate."""
        return bytes.fromhex(self.fingerprint.replace(":", ""))


def _san_entries(hosts: list[str]) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = []
    for host in dict.fromkeys([*hosts, "localhost", "127.0.0.1"]):
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return names


def generate_certificate(hosts: list[str] | None = None) -> CertificatePair:
    """Create a fresh EC P-256 key and a self-signed server certificate."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "micboard simulator"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Shure System API simulator"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.SubjectAlternativeName(_san_entries(hosts or [])), False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    return CertificatePair(
        cert_pem=cert.public_bytes(serialization.Encoding.PEM),
        key_pem=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        fingerprint=_fingerprint(cert),
    )


def _fingerprint(cert: x509.Certificate) -> str:
    der = cert.public_bytes(serialization.Encoding.DER)
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())


def load_or_create_certificate(directory: Path, hosts: list[str]) -> CertificatePair:
    """Reuse cert.pem/key.pem from a directory, creating them the first time.

    A dev server that restarts keeps its certificate, so a client that
    trusted it on first use still does.
    """
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    if cert_path.exists() and key_path.exists():
        cert_pem, key_pem = cert_path.read_bytes(), key_path.read_bytes()
        return CertificatePair(
            cert_pem=cert_pem,
            key_pem=key_pem,
            fingerprint=_fingerprint(x509.load_pem_x509_certificate(cert_pem)),
        )
    pair = generate_certificate(hosts)
    directory.mkdir(parents=True, exist_ok=True)
    key_path.write_bytes(pair.key_pem)
    key_path.chmod(0o600)
    cert_path.write_bytes(pair.cert_pem)
    return pair


def load_into_context(context: ssl.SSLContext, pair: CertificatePair) -> None:
    """Install ``pair`` in ``context``; later handshakes present the new cert.

    ``ssl`` only loads chains from files, so the PEMs go to a private temporary
    directory that is removed again at once.
    """
    with tempfile.TemporaryDirectory(prefix="micboard-sim-") as tmp:
        cert_path = Path(tmp) / "cert.pem"
        key_path = Path(tmp) / "key.pem"
        cert_path.write_bytes(pair.cert_pem)
        key_path.touch(mode=0o600)
        key_path.write_bytes(pair.key_pem)
        context.load_cert_chain(cert_path, key_path)


def server_context(pair: CertificatePair) -> ssl.SSLContext:
    """A TLS server context presenting ``pair``."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    load_into_context(context, pair)
    return context
