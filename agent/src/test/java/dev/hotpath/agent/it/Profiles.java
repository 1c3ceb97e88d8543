package dev.hotpath.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.proto.v1.Function;
import dev.hotpath.proto.v1.Location;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Reading pprof profiles in tests: frame names per sample, values by frame, consistency checks. */
final class Profiles {
    private Profiles() {}

    /** Frame names of {@code sample}, leaf first. */
    static List<String> frames(Profile profile, Sample sample) {
        Map<Long, Location> locations = new HashMap<>();
        profile.getLocationList().forEach(l -> locations.put(l.getId(), l));
        Map<Long, Function> functions = new HashMap<>();
        profile.getFunctionList().forEach(f -> functions.put(f.getId(), f));
        List<String> names = new ArrayList<>();
        for (long id : sample.getLocationIdList()) {
            Function function = functions.get(locations.get(id).getLine(0).getFunctionId());
            names.add(profile.getStringTable((int) function.getName()));
        }
        return names;
    }

    /** Index of the sample type named {@code type}, or -1. */
    static int typeIndex(Profile profile, String type) {
        for (int i = 0; i < profile.getSampleTypeCount(); i++) {
            if (profile.getStringTable((int) profile.getSampleType(i).getType()).equals(type)) {
                return i;
            }
        }
        return -1;
    }

    /** Total of {@code type} over samples that have a frame ending in {@code frameSuffix}, over all reports. */
    static long total(List<Report> reports, String type, String frameSuffix) {
        long total = 0;
        for (Report report : reports) {
            Profile profile = report.getProfile();
            int index = typeIndex(profile, type);
            if (index < 0) {
                continue;
            }
            for (Sample sample : profile.getSampleList()) {
                if (frames(profile, sample).stream().anyMatch(f -> f.endsWith(frameSuffix))) {
                    total += sample.getValue(index);
                }
            }
        }
        return total;
    }

    /** Samples carried by a profile (the "samples" labels). */
    static long sampleCount(Profile profile) {
        long count = 0;
        for (Sample sample : profile.getSampleList()) {
            count += sample.getLabelList().stream()
                    .filter(l -> profile.getStringTable((int) l.getKey()).equals("samples"))
                    .mapToLong(l -> l.getNum())
                    .sum();
        }
        return count;
    }

    /** Asserts the pprof invariants: string 0 empty, every id referenced exists, one value per sample type. */
    static void assertConsistent(Profile profile) {
        assertThat(profile.getStringTable(0)).isEmpty();
        int strings = profile.getStringTableCount();
        Set<Long> functionIds = new HashSet<>();
        for (Function function : profile.getFunctionList()) {
            assertThat(function.getName()).isBetween(1L, strings - 1L);
            assertThat(functionIds.add(function.getId())).isTrue();
        }
        Set<Long> locationIds = new HashSet<>();
        for (Location location : profile.getLocationList()) {
            assertThat(location.getLineList())
                    .isNotEmpty()
                    .allSatisfy(line -> assertThat(functionIds).contains(line.getFunctionId()));
            assertThat(locationIds.add(location.getId())).isTrue();
        }
        for (Sample sample : profile.getSampleList()) {
            assertThat(locationIds).containsAll(sample.getLocationIdList());
            assertThat(sample.getValueCount()).isEqualTo(profile.getSampleTypeCount());
            sample.getLabelList().forEach(label -> assertThat(label.getKey()).isBetween(1L, strings - 1L));
        }
        profile.getSampleTypeList().forEach(t -> {
            assertThat(t.getType()).isBetween(1L, strings - 1L);
            assertThat(t.getUnit()).isBetween(1L, strings - 1L);
        });
    }

    /** The gzipped profiles written to {@code dir}, by file name order. */
    static List<Profile> readLocal(Path dir) throws IOException {
        List<Profile> profiles = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".pb.gz")).sorted().collect(Collectors.toList())) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    profiles.add(Profile.parseFrom(in));
                }
            }
        }
        return profiles;
    }
}
