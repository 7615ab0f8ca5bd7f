package dev.sluice.cli.architecture;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * What a compiled class refers to, read from its constant pool, and its access flags (no bytecode
 * library needed).
 */
record ClassFile(String name, int accessFlags, Set<String> referencedClasses, Set<String> calledMethods) {

  /** Reads a class file; method calls come out as {@code owner/Class.method}. */
  static ClassFile read(String name, byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException(name + " is not a class file");
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] classNameIndex = new int[count];
    int[][] refs = new int[count][];
    int[] nameAndTypeName = new int[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 3, 4 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++;
        }
        case 7 -> classNameIndex[i] = in.readUnsignedShort();
        case 8, 16, 19, 20 -> in.readUnsignedShort();
        case 9, 10, 11 -> refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
        case 12 -> {
          nameAndTypeName[i] = in.readUnsignedShort();
          in.readUnsignedShort();
        }
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        case 17, 18 -> in.readInt();
        default -> throw new IOException(name + ": unknown constant pool tag " + tag + " at entry " + i);
      }
    }
    int accessFlags = in.readUnsignedShort();
    Set<String> classes = new HashSet<>();
    Set<String> methods = new HashSet<>();
    for (int i = 1; i < count; i++) {
      if (classNameIndex[i] != 0) {
        classes.add(utf8[classNameIndex[i]]);
      }
      if (refs[i] != null) {
        String owner = utf8[classNameIndex[refs[i][0]]];
        methods.add(owner + "." + utf8[nameAndTypeName[refs[i][1]]]);
      }
    }
    return new ClassFile(name, accessFlags, Set.copyOf(classes), Set.copyOf(methods));
  }
}
