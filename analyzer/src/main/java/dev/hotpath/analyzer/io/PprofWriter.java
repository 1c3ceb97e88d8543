package dev.hotpath.analyzer.io;

import dev.hotpath.analyzer.tree.CallTree;
import dev.hotpath.proto.v1.Function;
import dev.hotpath.proto.v1.Line;
import dev.hotpath.proto.v1.Location;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Sample;
import dev.hotpath.proto.v1.ValueType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Encodes a call tree as a pprof profile (one sample type), e.g. to serve a merged view to pprof tools. */
public final class PprofWriter {
  private final Profile.Builder profile = Profile.newBuilder();
  private final Map<String, Long> strings = new HashMap<>();
  private final Map<String, Long> locations = new HashMap<>();

  private PprofWriter() {
    string("");
  }

  /**
   * One sample per call path with self weight; one function and one location per distinct frame name.
   *
   * @param timeNanos start of the window, nanoseconds since the epoch
   */
  public static Profile toProfile(CallTree tree, String type, String unit, long timeNanos, long durationNanos) {
    PprofWriter writer = new PprofWriter();
    Profile.Builder profile = writer.profile;
    ValueType valueType = ValueType.newBuilder().setType(writer.string(type)).setUnit(writer.string(unit)).build();
    profile.addSampleType(valueType).setPeriodType(valueType).setTimeNanos(timeNanos).setDurationNanos(durationNanos);
    tree.forEachStack((frames, value) -> {
      Sample.Builder sample = Sample.newBuilder().addValue(value);
      for (int i = frames.length - 1; i >= 0; i--) {
        sample.addLocationId(writer.location(frames[i]));
      }
      profile.addSample(sample);
    });
    String[] table = new String[writer.strings.size()];
    writer.strings.forEach((s, index) -> table[index.intValue()] = s);
    return profile.addAllStringTable(Arrays.asList(table)).build();
  }

  private long location(String frame) {
    Long id = locations.get(frame);
    if (id == null) {
      id = (long) locations.size() + 1;
      locations.put(frame, id);
      long name = string(frame);
      profile.addFunction(Function.newBuilder().setId(id).setName(name).setSystemName(name));
      profile.addLocation(Location.newBuilder().setId(id).addLine(Line.newBuilder().setFunctionId(id)));
    }
    return id;
  }

  private long string(String value) {
    return strings.computeIfAbsent(value, v -> (long) strings.size());
  }
}
