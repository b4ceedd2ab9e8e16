package dev.berth.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server's TLS context from PEM files, as nginx or Go's {@code tls.LoadX509KeyPair} take them: a certificate
 * chain (the server's certificate first) and an unencrypted private key in PKCS#8 ({@code PRIVATE KEY}), PKCS#1
 * ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}) form.
 */
public final class ServerTls {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final byte[] RSA_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] EC_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] DER_NULL = {0x05, 0x00};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private ServerTls() {}

    /**
     * Loads the certificate chain and key.
     *
     * @throws IOException if a file cannot be read, holds no certificate or key, or the key does not fit
     */
    public static SSLContext fromPem(Path certificateChain, Path privateKey) throws IOException {
        List<Certificate> chain;
        try (var in = Files.newInputStream(certificateChain)) {
            chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the TLS certificate " + certificateChain + ": " + e.getMessage(), e);
        }
        if (chain.isEmpty()) throw new IOException("no PEM certificate in " + certificateChain);
        PrivateKey key = readKey(privateKey);
        if (!matches(key, chain.getFirst().getPublicKey())) {
            throw new IOException("the TLS key " + privateKey + " does not go with the certificate " + certificateChain);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("server", key, password, chain.toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("the TLS key " + privateKey + " does not go with the certificate " + certificateChain
                    + ": " + e.getMessage(), e);
        }
    }

    /** Whether the key signs what the certificate's public key verifies. */
    private static boolean matches(PrivateKey key, PublicKey certified) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) return key.getAlgorithm().equals(certified.getAlgorithm());
        try {
            byte[] probe = "berth key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static PrivateKey readKey(Path file) throws IOException {
        Matcher m = PEM.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        while (m.find()) {
            String type = m.group(1);
            if (!type.endsWith("PRIVATE KEY")) continue;
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new IOException("bad base64 in the TLS key " + file, e);
            }
            byte[] pkcs8 = switch (type) {
                case "PRIVATE KEY" -> der;
                case "RSA PRIVATE KEY" -> pkcs8(seq(RSA_OID, DER_NULL), der);
                case "EC PRIVATE KEY" -> pkcs8(seq(EC_OID, curveOf(der, file)), der);
                case "ENCRYPTED PRIVATE KEY" -> throw new IOException("the TLS key " + file
                        + " is encrypted; give an unencrypted key (openssl pkey -in KEY -out PLAIN)");
                default -> throw new IOException("unsupported key type '" + type + "' in " + file);
            };
            for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                } catch (GeneralSecurityException notThisOne) {
                    // try the next algorithm
                }
            }
            throw new IOException("cannot decode the private key in " + file);
        }
        throw new IOException("no PEM private key in " + file);
    }

    /** PrivateKeyInfo: version 0, the algorithm, the key octets. */
    private static byte[] pkcs8(byte[] algorithm, byte[] key) {
        return seq(VERSION_0, algorithm, tlv(0x04, key));
    }

    /** The named curve (the OID in the {@code [0]} parameters) of a SEC1 ECPrivateKey. */
    private static byte[] curveOf(byte[] sec1, Path file) throws IOException {
        try {
            int[] seq = header(sec1, 0);
            int pos = seq[0];
            int end = seq[0] + seq[1];
            while (pos < end) {
                int tag = sec1[pos] & 0xff;
                int[] h = header(sec1, pos);
                if (tag == 0xa0) {
                    int[] oid = header(sec1, h[0]);
                    if ((sec1[h[0]] & 0xff) != 0x06) break;
                    byte[] out = new byte[oid[0] + oid[1] - h[0]];
                    System.arraycopy(sec1, h[0], out, 0, out.length);
                    return out;
                }
                pos = h[0] + h[1];
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IOException("malformed EC private key in " + file, e);
        }
        throw new IOException("the EC private key in " + file + " does not name its curve");
    }

    /** The content offset and length of the DER element at {@code pos}. */
    private static int[] header(byte[] der, int pos) {
        int len = der[pos + 1] & 0xff;
        int off = pos + 2;
        if (len > 0x80) {
            int n = len - 0x80;
            len = 0;
            for (int i = 0; i < n; i++) len = (len << 8) | (der[off++] & 0xff);
        }
        return new int[] {off, len};
    }

    private static byte[] seq(byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) body.writeBytes(p);
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            byte[] len = java.math.BigInteger.valueOf(n).toByteArray();
            int skip = len[0] == 0 ? 1 : 0;
            out.write(0x80 | (len.length - skip));
            out.write(len, skip, len.length - skip);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
