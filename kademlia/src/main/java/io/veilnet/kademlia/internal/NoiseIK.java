package io.veilnet.kademlia.internal;

import io.veilnet.crypto.Aead;
import io.veilnet.crypto.AeadAlgorithm;
import io.veilnet.crypto.Aeads;
import io.veilnet.crypto.Bytes;
import io.veilnet.crypto.DecryptionException;
import io.veilnet.crypto.Hkdf;
import io.veilnet.crypto.SymmetricKey;
import io.veilnet.crypto.X25519PrivateKey;
import io.veilnet.crypto.X25519PublicKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The Noise IK handshake, {@code Noise_IK_25519_AESGCM_SHA256} (default) or {@code
 * Noise_IK_25519_ChaChaPoly_SHA256} (Noise spec rev 34), built on the crypto module's X25519,
 * AES-256-GCM or ChaCha20-Poly1305 and HKDF:
 *
 * <pre>
 *   &lt;- s
 *   ...
 *   -&gt; e, es, s, ss   (+ payload: the first request)
 *   &lt;- e, ee, se      (+ payload: its response)
 * </pre>
 *
 * One instance is one handshake on one side; it is single-use and not thread-safe. After the
 * second message both sides call {@link #split()} for the transport keys.
 */
public final class NoiseIK {
  /**
   * The Noise cipher function, fixed per deployment (it is part of the protocol name hashed into
   * the handshake, so peers on different suites fail to handshake: a counted {@code FORGED}).
   * AES-GCM is the default: on JDK 17 it runs on AES-NI/CLMUL intrinsics, about 10× the pure-Java
   * ChaCha20-Poly1305 per packet (docs/benchmarks.md, AEAD and Kademlia).
   */
  public enum CipherSuite {
    /** {@code AESGCM}: AES-256-GCM, nonce = 32 zero bits ‖ counter as big-endian u64. */
    AESGCM("Noise_IK_25519_AESGCM_SHA256", AeadAlgorithm.AES_256_GCM, true),
    /** {@code ChaChaPoly}: ChaCha20-Poly1305, nonce = 32 zero bits ‖ counter as little-endian u64. */
    CHACHAPOLY("Noise_IK_25519_ChaChaPoly_SHA256", AeadAlgorithm.CHACHA20_POLY1305, false);

    private final String protocolName;
    private final AeadAlgorithm aead;
    private final boolean bigEndianNonce;

    CipherSuite(String protocolName, AeadAlgorithm aead, boolean bigEndianNonce) {
      this.protocolName = protocolName;
      this.aead = aead;
      this.bigEndianNonce = bigEndianNonce;
    }

    /** The suite of a configured transport cipher. */
    public static CipherSuite of(io.veilnet.kademlia.TransportCipher cipher) {
      return cipher == io.veilnet.kademlia.TransportCipher.CHACHA20_POLY1305 ? CHACHAPOLY : AESGCM;
    }

    public String protocolName() {
      return protocolName;
    }

    public AeadAlgorithm aead() {
      return aead;
    }

    /** The Noise nonce for {@code counter} under this cipher function. */
    public byte[] nonce(long counter) {
      byte[] nonce = new byte[12];
      for (int i = 0; i < 8; i++) {
        nonce[bigEndianNonce ? 11 - i : 4 + i] = (byte) (counter >>> (8 * i));
      }
      return nonce;
    }

    /** Noise's initial {@code h}: the name, zero-padded to HASHLEN (names are at most 32 bytes). */
    byte[] initialHash() {
      byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
      return java.util.Arrays.copyOf(name, 32);
    }
  }

  /** The suite used unless configured otherwise. */
  public static final CipherSuite DEFAULT_SUITE = CipherSuite.AESGCM;
  public static final int DH_LEN = 32;
  public static final int TAG_LEN = 16;
  /** Length of message 1 without payload: e, encrypted s. */
  public static final int MSG1_OVERHEAD = DH_LEN + DH_LEN + TAG_LEN + TAG_LEN;
  /** Length of message 2 without payload: e. */
  public static final int MSG2_OVERHEAD = DH_LEN + TAG_LEN;

  private final CipherSuite suite;
  private final boolean initiator;
  private final X25519PrivateKey s;
  private X25519PublicKey rs;
  private X25519PrivateKey e;
  private X25519PublicKey re;
  private byte[] ck;
  private byte[] h;
  private Aead k;
  private long n;
  private int step;

  private NoiseIK(CipherSuite suite, boolean initiator, X25519PrivateKey s, X25519PublicKey rs,
      byte[] prologue) {
    this.suite = suite;
    this.initiator = initiator;
    this.s = s;
    this.rs = rs;
    this.h = suite.initialHash();
    this.ck = h.clone();
    mixHash(prologue);
    mixHash(initiator ? rs.bytes() : s.publicKey().bytes());
  }

  /** Initiator side: knows the responder's static key from its node record. */
  public static NoiseIK initiator(X25519PrivateKey s, X25519PublicKey responderStatic, byte[] prologue) {
    return initiator(DEFAULT_SUITE, s, responderStatic, prologue);
  }

  public static NoiseIK initiator(CipherSuite suite, X25519PrivateKey s,
      X25519PublicKey responderStatic, byte[] prologue) {
    return new NoiseIK(suite, true, s, responderStatic, prologue);
  }

  public static NoiseIK responder(X25519PrivateKey s, byte[] prologue) {
    return responder(DEFAULT_SUITE, s, prologue);
  }

  public static NoiseIK responder(CipherSuite suite, X25519PrivateKey s, byte[] prologue) {
    return new NoiseIK(suite, false, s, null, prologue);
  }

  public CipherSuite suite() {
    return suite;
  }

  /** The peer's static key (initiator: given; responder: learned from message 1). */
  public X25519PublicKey remoteStatic() {
    return rs;
  }

  /** Message 1: {@code e ‖ enc(s) ‖ enc(payload)}. */
  public byte[] writeMessage1(byte[] payload, SecureRandom random) {
    return writeMessage1(payload, X25519PrivateKey.generate(random));
  }

  /** Message 1 with a fresh, never used ephemeral key (e.g. pre-generated); takes ownership. */
  public byte[] writeMessage1(byte[] payload, X25519PrivateKey ephemeral) {
    check(initiator && step == 0);
    step = 1;
    e = ephemeral;
    byte[] epub = e.publicKey().bytes();
    mixHash(epub);
    mixKey(e.agree(rs));
    byte[] encS = encryptAndHash(s.publicKey().bytes());
    mixKey(s.agree(rs));
    byte[] encP = encryptAndHash(payload);
    return Bytes.concat(epub, encS, encP);
  }

  /**
   * Reads message 1 and returns its payload.
   *
   * @throws DecryptionException if it does not authenticate (wrong responder key, forgery)
   */
  public byte[] readMessage1(byte[] msg) {
    check(!initiator && step == 0);
    step = 1;
    if (msg.length < MSG1_OVERHEAD) {
      throw new DecryptionException();
    }
    byte[] repub = java.util.Arrays.copyOfRange(msg, 0, DH_LEN);
    re = publicKey(repub);
    mixHash(repub);
    mixKey(agree(s, re));
    byte[] rsBytes = decryptAndHash(java.util.Arrays.copyOfRange(msg, DH_LEN, 2 * DH_LEN + TAG_LEN));
    rs = publicKey(rsBytes);
    mixKey(agree(s, rs));
    return decryptAndHash(java.util.Arrays.copyOfRange(msg, 2 * DH_LEN + TAG_LEN, msg.length));
  }

  /** Message 2: {@code e ‖ enc(payload)}. */
  public byte[] writeMessage2(byte[] payload, SecureRandom random) {
    return writeMessage2(payload, X25519PrivateKey.generate(random));
  }

  /** Message 2 with a fresh, never used ephemeral key; takes ownership. */
  public byte[] writeMessage2(byte[] payload, X25519PrivateKey ephemeral) {
    check(!initiator && step == 1);
    step = 2;
    e = ephemeral;
    byte[] epub = e.publicKey().bytes();
    mixHash(epub);
    mixKey(e.agree(re));
    mixKey(e.agree(rs));
    byte[] encP = encryptAndHash(payload);
    return Bytes.concat(epub, encP);
  }

  public byte[] readMessage2(byte[] msg) {
    check(initiator && step == 1);
    step = 2;
    if (msg.length < MSG2_OVERHEAD) {
      throw new DecryptionException();
    }
    byte[] repub = java.util.Arrays.copyOfRange(msg, 0, DH_LEN);
    re = publicKey(repub);
    mixHash(repub);
    mixKey(agree(e, re));
    mixKey(agree(s, re));
    return decryptAndHash(java.util.Arrays.copyOfRange(msg, DH_LEN, msg.length));
  }

  /**
   * Transport keys after message 2: {@code [0]} for sending, {@code [1]} for receiving, from
   * this side's point of view. Zeroes the handshake state.
   */
  public SymmetricKey[] split() {
    check(step == 2);
    step = 3;
    byte[] out = Hkdf.derive(new byte[0], ck, null, 64);
    try {
      SymmetricKey c1 = SymmetricKey.of(java.util.Arrays.copyOfRange(out, 0, 32));
      SymmetricKey c2 = SymmetricKey.of(java.util.Arrays.copyOfRange(out, 32, 64));
      destroy();
      return initiator ? new SymmetricKey[] {c1, c2} : new SymmetricKey[] {c2, c1};
    } finally {
      Bytes.zero(out);
    }
  }

  /** The handshake hash (channel binding), available after message 2. */
  public byte[] handshakeHash() {
    return h.clone();
  }

  /** Zeroes ephemeral and chaining state. */
  public void destroy() {
    if (e != null) {
      e.close();
    }
    Bytes.zero(ck);
  }

  private static void check(boolean ok) {
    if (!ok) {
      throw new IllegalStateException("handshake step out of order");
    }
  }

  private static X25519PublicKey publicKey(byte[] b) {
    try {
      return X25519PublicKey.of(b);
    } catch (IllegalArgumentException ex) {
      throw new DecryptionException();
    }
  }

  private static byte[] agree(X25519PrivateKey priv, X25519PublicKey pub) {
    try {
      return priv.agree(pub);
    } catch (RuntimeException ex) { // low-order point
      throw new DecryptionException();
    }
  }

  private void mixHash(byte[] data) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(h);
      h = d.digest(data);
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private void mixKey(byte[] ikm) {
    byte[] out = Hkdf.derive(ikm, ck, null, 64);
    Bytes.zero(ikm);
    Bytes.zero(ck);
    ck = java.util.Arrays.copyOfRange(out, 0, 32);
    byte[] tk = java.util.Arrays.copyOfRange(out, 32, 64);
    Bytes.zero(out);
    try (SymmetricKey key = SymmetricKey.of(tk)) {
      k = Aeads.create(suite.aead(), key);
    } finally {
      Bytes.zero(tk);
    }
    n = 0;
  }

  private byte[] encryptAndHash(byte[] plaintext) {
    byte[] ct = k.seal(suite.nonce(n++), plaintext, h);
    mixHash(ct);
    return ct;
  }

  private byte[] decryptAndHash(byte[] ciphertext) {
    byte[] pt = k.open(suite.nonce(n++), ciphertext, h);
    mixHash(ciphertext);
    return pt;
  }
}
