package drover.it;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

/** A plain TCP client of the length-prefixed echo protocol: 4-byte big-endian length, then the body. */
final class EchoClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    EchoClient(int port) throws IOException {
        this(connect(port));
    }

    /** Speaks the protocol over a socket the caller connected (e.g. with its own buffer sizes). */
    EchoClient(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout((int) Deadline.scaled(Duration.ofSeconds(30)).toMillis());
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return socket;
    }

    /** A body of random bytes, the same for the same seed, to check an echo byte for byte. */
    static byte[] randomBody(int size, long seed) {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        return body;
    }

    static byte[] packet(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one whole packet (header included) as the server sent it. */
    byte[] readPacket() throws IOException {
        int length = in.readInt();
        byte[] whole = new byte[4 + length];
        ByteBuffer.wrap(whole).putInt(length);
        in.readFully(whole, 4, length);
        return whole;
    }

    /** Sends one packet and returns the echo, failing unless it is byte-for-byte the packet sent. */
    void echo(byte[] body) throws IOException {
        byte[] sent = packet(body);
        sendRaw(sent);
        byte[] got = readPacket();
        if (!Arrays.equals(sent, got)) {
            throw new AssertionError("echo differs: sent " + sent.length + " bytes, got " + got.length);
        }
    }

    /** Sends one length-prefixed text body and returns the body of the reply (ProbeApp's protocol). */
    String request(String body) throws IOException {
        sendRaw(packet(body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        byte[] reply = readPacket();
        return new String(reply, 4, reply.length - 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Reads one packet and returns its body as text (a reply that came without a request of its own). */
    String readText() throws IOException {
        byte[] reply = readPacket();
        return new String(reply, 4, reply.length - 4, java.nio.charset.StandardCharsets.UTF_8);
    }

    Socket socket() {
        return socket;
    }

    java.io.InputStream input() {
        return in;
    }

    /** True when the server closed the connection (EOF or reset) before the timeout. */
    boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
