package org.veil.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOPackager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.veil.packagers.AdditionalAmounts;
import org.veil.packagers.Dialect;
import org.veil.packagers.HostMessages;
import org.veil.packagers.Mti;
import org.veil.packagers.ResponseCode;
import org.veil.terminal.CardData;
import org.veil.terminal.RequestFactory;

/**
 * Packing and unpacking a typical 0200 purchase and its approval in each dialect, with the
 * dialects' shared packagers: TERMINAL and VAN as the load generator sends them, HOST as the
 * switch normalises them for the issuer (2200 / 2210).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class DialectPacking {
    /** What the switch echoes to an edge, and what the issuer echoes on the host link. */
    private static final int[] EDGE_ECHO = {2, 3, 4, 7, 11, 12, 13, 37, 41, 42, 49};
    private static final int[] HOST_ECHO = {2, 3, 4, 7, 11, 12, 32, 37, 41, 42};

    @Param({"TERMINAL", "VAN", "HOST"})
    public String dialect;

    private ISOPackager packager;
    private ISOMsg request;
    private ISOMsg answer;
    private byte[] requestBytes;
    private byte[] answerBytes;

    @Setup
    public void setUp() throws ISOException {
        Dialect d = Dialect.valueOf(dialect);
        packager = d.packager();
        ISOMsg edge = new RequestFactory("LT000001", "LOADTEST0000001", "Veil Load Test", "840", 1)
                .purchase(CardData.keyed("9999000000000018", "2911"), 1250);
        boolean host = d == Dialect.HOST;
        request = host ? HostMessages.toHost(edge, "10000000001") : edge;
        request.setPackager(packager);
        answer = (ISOMsg) request.clone(host ? HOST_ECHO : EDGE_ECHO);
        answer.setMTI(Mti.responseOf(request.getMTI()));
        answer.set(38, "123456");
        answer.set(39, host ? ResponseCode.APPROVED.hostCode() : ResponseCode.APPROVED.code());
        answer.set(54, AdditionalAmounts.balances("840", 998_750, 998_750));
        answer.setPackager(packager);
        requestBytes = request.pack();
        answerBytes = answer.pack();
        // A benchmark of a message that does not survive its own round trip would measure nothing useful.
        if (!unpack(requestBytes).getString(11).equals(request.getString(11)) || !"00".equals(edgeCode(unpack(answerBytes)))) {
            throw new IllegalStateException(dialect + ": the 0200 or its answer does not unpack to what was packed");
        }
    }

    private static String edgeCode(ISOMsg m) {
        String rc = m.getString(39);
        return rc.length() == 4 ? ResponseCode.fromHostCode(rc).code() : rc;
    }

    private ISOMsg unpack(byte[] bytes) throws ISOException {
        ISOMsg m = new ISOMsg();
        m.setPackager(packager);
        m.unpack(bytes);
        return m;
    }

    @Benchmark
    public byte[] packRequest() throws ISOException {
        return request.pack();
    }

    @Benchmark
    public ISOMsg unpackRequest() throws ISOException {
        return unpack(requestBytes);
    }

    @Benchmark
    public byte[] packAnswer() throws ISOException {
        return answer.pack();
    }

    @Benchmark
    public ISOMsg unpackAnswer() throws ISOException {
        return unpack(answerBytes);
    }
}
