// What kind of code a frame name is: application, library, JDK or native. Drives colours.
export const KIND = { APP: 0, LIBRARY: 1, JDK: 2, NATIVE: 3, SYNTHETIC: 4 };
export const KIND_NAMES = ['application', 'library', 'JDK', 'native', 'synthetic'];

const JDK = ['java.', 'javax.', 'jdk.', 'sun.', 'com.sun.'];
const LIBRARY = ['org.apache.', 'com.fasterxml.', 'io.netty.', 'com.google.', 'io.grpc.', 'org.springframework.',
  'io.quarkus.', 'io.vertx.', 'io.smallrye.', 'kotlin.', 'kotlinx.', 'scala.', 'org.slf4j.', 'ch.qos.', 'software.amazon.',
  'com.amazonaws.', 'org.hibernate.', 'org.jboss.', 'org.eclipse.', 'reactor.', 'io.micrometer.', 'okhttp3.', 'okio.',
  'org.postgresql.', 'com.zaxxer.', 'org.jooq.', 'net.bytebuddy.', 'org.glassfish.', 'jakarta.', 'org.yaml.'];

export function kindOf(name) {
  if (name.startsWith('[') || name === 'root' || name === 'all') return KIND.SYNTHETIC;
  if (JDK.some(p => name.startsWith(p))) return KIND.JDK;
  if (LIBRARY.some(p => name.startsWith(p))) return KIND.LIBRARY;
  // Java frames are package.Class.method; anything without a dot (or with C++ ::) is native code.
  if (name.indexOf('.') < 0 || name.indexOf('::') >= 0 || name.endsWith('_[k]')) return KIND.NATIVE;
  return KIND.APP;
}

/** The function a frame belongs to, without its line suffix if any. */
export function shortName(name) {
  const paren = name.indexOf('(');
  const base = paren > 0 ? name.substring(0, paren) : name;
  const lastDot = base.lastIndexOf('.');
  const classDot = lastDot > 0 ? base.lastIndexOf('.', lastDot - 1) : -1;
  return classDot >= 0 ? base.substring(classDot + 1) : base;
}
