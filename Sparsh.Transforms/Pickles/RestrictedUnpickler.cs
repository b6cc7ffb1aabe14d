using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Sparsh.Transforms.Pickles;

/// <summary>
/// Reads Python pickles (protocols 0-5) that hold only plain data: None, booleans, integers, floats, strings, bytes,
/// lists, tuples, dicts, sets and numpy arrays or scalars of plain numeric dtypes. Any other global the pickle names
/// (a class, <c>os.system</c>, ...) is refused at the opcode that names it, before anything could use it, with an
/// <see cref="InvalidDataException"/> that names the file and the global. Nothing in the file is ever executed: the
/// few numpy globals accepted are recognised by name and rebuilt by this reader's own code.
/// </summary>
/// <remarks>
/// A small opcode-level reader rather than Razorvine.Pickle: Razorvine keeps its constructors in one static,
/// process-wide registry and turns every global it does not know into a generic ClassDict instead of refusing it, so
/// it cannot be restricted per reader to "these globals and no others" (and numpy's reconstruct-then-BUILD protocol
/// needs custom constructors there anyway). Here the allow-list is <see cref="AllowedGlobals"/>.
/// Tuples come back as <c>object?[]</c>, lists as <c>List&lt;object?&gt;</c>, dicts as
/// <c>Dictionary&lt;object, object?&gt;</c>, sets as <c>HashSet&lt;object&gt;</c>, integers as <see cref="long"/>
/// (or <see cref="BigInteger"/> beyond 64 bits), floats as <see cref="double"/>, str as <see cref="string"/>, bytes
/// and bytearray as <c>ReadOnlyMemory&lt;byte&gt;</c> (a slice of the file's bytes, not copied), numpy arrays as <see cref="NumpyArray"/>, numpy scalars as double or long.
/// </remarks>
internal static class RestrictedUnpickler
{
    /// <summary>Globals a pickle may name: numpy's array, dtype and scalar rebuilders and Python's set/bytes helpers.</summary>
    public static IReadOnlyList<string> AllowedGlobals { get; } =
    [
        "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct", "numpy.ndarray", "numpy.dtype",
        "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar", "numpy.core.numeric._frombuffer",
        "numpy._core.numeric._frombuffer", "_codecs.encode", "builtins.set", "builtins.frozenset", "builtins.bytearray",
        "__builtin__.set", "__builtin__.frozenset", "__builtin__.bytearray", "builtins.bytes", "__builtin__.bytes",
    ];

    /// <summary>Reads the pickle in <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">
    /// The file is missing, truncated or malformed, or names a global that is not allowed; the message starts with the path.
    /// </exception>
    public static object? Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new InvalidDataException($"{path}: file not found.");
        return Load(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads a pickle held in memory; <paramref name="sourceName"/> starts every error message.</summary>
    /// <inheritdoc cref="Load(string)" path="/exception"/>
    public static object? Load(byte[] pickle, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(pickle);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        return new Reader(pickle, sourceName).Run();
    }

    /// <summary>A global the pickle named and this reader accepts; only ever used as a marker on the stack.</summary>
    private sealed record Global(string Module, string Name)
    {
        public string FullName => Module + "." + Name;
    }

    /// <summary>Result of numpy's <c>_reconstruct</c>: an empty array waiting for its state (BUILD).</summary>
    private sealed class PendingArray
    {
        public NumpyArray? Array;
    }

    /// <summary>Result of <c>numpy.dtype(type, align, copy)</c>: byte order arrives with BUILD.</summary>
    private sealed class PendingDtype(NumpyDtype dtype)
    {
        public NumpyDtype Dtype = dtype;
    }

    private static readonly object Mark = new();

    private sealed class Reader(byte[] bytes, string source)
    {
        private readonly List<object?> _stack = [];
        private readonly List<int> _marks = [];
        private readonly Dictionary<long, object?> _memo = [];
        private int _position;
        private int _opcodeAt;

        public object? Run()
        {
            while (true)
            {
                if (_position >= bytes.Length)
                    throw Error(_position == 0 ? "the file is empty; expected a pickle." : $"truncated pickle: the file ends at byte {bytes.Length} before the STOP opcode.");
                _opcodeAt = _position;
                byte opcode = bytes[_position++];
                switch (opcode)
                {
                    case 0x80: ReadBytes(1); break;                                   // PROTO
                    case 0x95: ReadBytes(8); break;                                   // FRAME (length only; frames are contiguous here)
                    case 0x2e:                                                        // STOP
                        if (_stack.Count != 1 || _marks.Count != 0)
                            throw Error($"malformed pickle: STOP with {_stack.Count} values on the stack.");
                        return Unwrap(_stack[0]);
                    case 0x28: _marks.Add(_stack.Count); _stack.Add(Mark); break;    // MARK
                    case 0x30: Pop(); break;                                          // POP
                    case 0x31: PopToMark(); break;                                    // POP_MARK
                    case 0x32: Push(Peek()); break;                                   // DUP
                    case 0x4e: Push(null); break;                                     // NONE
                    case 0x88: Push(true); break;                                     // NEWTRUE
                    case 0x89: Push(false); break;                                    // NEWFALSE
                    case 0x4b: Push((long)ReadBytes(1)[0]); break;                    // BININT1
                    case 0x4d: Push((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2))); break; // BININT2
                    case 0x4a: Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4))); break;  // BININT
                    case 0x8a: Push(ReadLong(ReadBytes(1)[0])); break;                // LONG1
                    case 0x8b: Push(ReadLong(ReadLength(4))); break;                  // LONG4
                    case 0x49: Push(ParseTextInt(ReadLine())); break;                 // INT
                    case 0x4c: Push(ParseTextLong(ReadLine())); break;                // LONG
                    case 0x47: Push(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8))); break; // BINFLOAT
                    case 0x46: Push(ParseTextFloat(ReadLine())); break;               // FLOAT
                    case 0x58: Push(ReadUtf8(ReadLength(4))); break;                  // BINUNICODE
                    case 0x8c: Push(ReadUtf8(ReadBytes(1)[0])); break;                // SHORT_BINUNICODE
                    case 0x8d: Push(ReadUtf8(ReadLength(8))); break;                  // BINUNICODE8
                    case 0x56: Push(RawUnicodeEscape(ReadLine(Encoding.Latin1))); break; // UNICODE
                    case 0x43: Push(ReadMemory(ReadBytes(1)[0])); break;              // SHORT_BINBYTES
                    case 0x42: Push(ReadMemory(ReadLength(4))); break;                // BINBYTES
                    case 0x8e: Push(ReadMemory(ReadLength(8))); break;                // BINBYTES8
                    case 0x96: Push(ReadMemory(ReadLength(8))); break;                // BYTEARRAY8
                    case 0x55: Push(Encoding.Latin1.GetString(ReadBytes(ReadBytes(1)[0]))); break; // SHORT_BINSTRING (Python 2 str)
                    case 0x54: Push(Encoding.Latin1.GetString(ReadBytes(ReadLength(4)))); break;   // BINSTRING
                    case 0x29: Push(Array.Empty<object?>()); break;                   // EMPTY_TUPLE
                    case 0x85: Push(new[] { Pop() }); break;                          // TUPLE1
                    case 0x86: { var b = Pop(); var a = Pop(); Push(new[] { a, b }); break; } // TUPLE2
                    case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new[] { a, b, c }); break; } // TUPLE3
                    case 0x74: Push(PopToMark().ToArray()); break;                    // TUPLE
                    case 0x5d: Push(new List<object?>()); break;                      // EMPTY_LIST
                    case 0x6c: Push(PopToMark()); break;                              // LIST
                    case 0x61: { var item = Pop(); PeekAs<List<object?>>("APPEND").Add(item); break; } // APPEND
                    case 0x65: { var items = PopToMark(); PeekAs<List<object?>>("APPENDS").AddRange(items); break; } // APPENDS
                    case 0x7d: Push(new Dictionary<object, object?>()); break;        // EMPTY_DICT
                    case 0x64: { var items = PopToMark(); var d = new Dictionary<object, object?>(); AddPairs(d, items); Push(d); break; } // DICT
                    case 0x73: { var v = Pop(); var k = Pop(); AddPairs(PeekAs<Dictionary<object, object?>>("SETITEM"), [k, v]); break; } // SETITEM
                    case 0x75: { var items = PopToMark(); AddPairs(PeekAs<Dictionary<object, object?>>("SETITEMS"), items); break; } // SETITEMS
                    case 0x8f: Push(new HashSet<object>()); break;                    // EMPTY_SET
                    case 0x90: { var items = PopToMark(); var set = PeekAs<HashSet<object>>("ADDITEMS"); foreach (var i in items) set.Add(Key(i)); break; } // ADDITEMS
                    case 0x91: Push(new HashSet<object>(PopToMark().Select(Key))); break; // FROZENSET
                    case 0x94: _memo[_memo.Count] = Peek(); break;                    // MEMOIZE
                    case 0x71: _memo[ReadBytes(1)[0]] = Peek(); break;                // BINPUT
                    case 0x72: _memo[BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))] = Peek(); break; // LONG_BINPUT
                    case 0x70: _memo[ParseMemoIndex(ReadLine())] = Peek(); break;     // PUT
                    case 0x68: Push(Recall(ReadBytes(1)[0])); break;                  // BINGET
                    case 0x6a: Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))); break; // LONG_BINGET
                    case 0x67: Push(Recall(ParseMemoIndex(ReadLine()))); break;       // GET
                    case 0x63:                                                        // GLOBAL
                    {
                        string module = ReadLine(), name = ReadLine();
                        Push(ResolveGlobal(module, name));
                        break;
                    }
                    case 0x93:                                                        // STACK_GLOBAL
                    {
                        var name = Pop();
                        var module = Pop();
                        if (module is not string m || name is not string n)
                            throw Error("malformed pickle: STACK_GLOBAL needs a module and a name string.");
                        Push(ResolveGlobal(m, n));
                        break;
                    }
                    case 0x52:                                                        // REDUCE
                    {
                        var args = Pop();
                        var callable = Pop();
                        Push(Reduce(callable, args));
                        break;
                    }
                    case 0x62:                                                        // BUILD
                    {
                        var state = Pop();
                        Build(Peek(), state);
                        break;
                    }
                    case 0x50 or 0x51:
                        throw Error("refused: the pickle asks for a persistent object (PERSID); only plain data is accepted.");
                    case 0x81 or 0x92 or 0x69 or 0x6f:
                        throw Error($"refused: the pickle builds an object instance (opcode {Name(opcode)}); only plain containers, numbers, strings and numpy arrays are accepted.");
                    case 0x82 or 0x83 or 0x84:
                        throw Error($"refused: the pickle names a global through the extension registry (opcode {Name(opcode)}); only plain data is accepted.");
                    case 0x97 or 0x98:
                        throw Error("refused: the pickle refers to out-of-band buffers (protocol 5), which a file cannot carry.");
                    case 0x53:
                        throw Error("unsupported: protocol-0 STRING opcode (a Python 2 text pickle); save the data again with protocol 2 or later.");
                    default:
                        throw Error($"malformed pickle: unknown opcode 0x{opcode:x2}.");
                }
            }
        }

        private object ResolveGlobal(string module, string name)
        {
            string full = module + "." + name;
            if (!AllowedGlobals.Contains(full))
                throw Error($"refused global '{full}': the pickle names something other than plain data (containers, numbers, strings, numpy arrays); nothing was executed. Accepted globals: {string.Join(", ", AllowedGlobals)}.");
            return new Global(module, name);
        }

        private object? Reduce(object? callable, object? args)
        {
            if (callable is not Global global)
                throw Error($"refused: REDUCE calls a {Describe(callable)}, not an accepted global.");
            if (args is not object?[] a)
                throw Error($"malformed pickle: REDUCE arguments of '{global.FullName}' are a {Describe(args)}, not a tuple.");
            switch (global.Name)
            {
                case "_reconstruct":
                    // numpy.ndarray.__reduce__: _reconstruct(ndarray, (0,), b'b'), then BUILD with (version, shape, dtype, fortran, data).
                    if (a.Length != 3 || a[0] is not Global { Name: "ndarray" })
                        throw Error($"refused: '{global.FullName}' may only rebuild numpy.ndarray, not a {Describe(a.Length > 0 ? a[0] : null)}.");
                    return new PendingArray();
                case "dtype":
                    if (a.Length < 1 || a[0] is not string type)
                        throw Error("malformed pickle: numpy.dtype needs a type string.");
                    return new PendingDtype(NumpyDtype.FromTypeString(type)
                        ?? throw Error($"refused numpy dtype '{type}': only plain numbers (float, int, uint, bool) are accepted, not objects, strings or records."));
                case "scalar":
                {
                    if (a.Length != 2 || Unwrap(a[0]) is not NumpyDtype dtype || a[1] is not ReadOnlyMemory<byte> data)
                        throw Error("refused: numpy scalar must be rebuilt from a plain numeric dtype and its bytes.");
                    var array = MakeArray(dtype, [], data, false);
                    return dtype.Kind == 'f' ? array[0] : (object)(long)array[0];
                }
                case "_frombuffer":
                {
                    // numpy protocol-5 path: _frombuffer(buffer, dtype, shape, order), the buffer in-band as bytes or bytearray.
                    if (a.Length != 4 || a[0] is not ReadOnlyMemory<byte> data || Unwrap(a[1]) is not NumpyDtype dtype || a[3] is not string order)
                        throw Error("malformed pickle: numpy _frombuffer needs (bytes, dtype, shape, order).");
                    return MakeArray(dtype, Shape(a[2]), data, order == "F");
                }
                case "encode":
                    // Python 3 bytes under protocol 2: _codecs.encode(text, 'latin1').
                    if (a.Length != 2 || a[0] is not string text || a[1] is not string encoding
                        || !encoding.Equals("latin1", StringComparison.OrdinalIgnoreCase) && !encoding.Equals("latin-1", StringComparison.OrdinalIgnoreCase))
                        throw Error("refused: _codecs.encode is accepted only as encode(text, 'latin1') for bytes.");
                    return new ReadOnlyMemory<byte>(Encoding.Latin1.GetBytes(text));
                case "set":
                case "frozenset":
                    return a.Length switch
                    {
                        0 => new HashSet<object>(),
                        1 when a[0] is List<object?> items => new HashSet<object>(items.Select(Key)),
                        _ => throw Error($"malformed pickle: {global.FullName} needs a list."),
                    };
                case "bytearray":
                case "bytes": // protocol 2 writes empty bytes as bytes()
                    return a.Length switch
                    {
                        0 => ReadOnlyMemory<byte>.Empty,
                        1 when a[0] is ReadOnlyMemory<byte> b => b,
                        2 when a[0] is string latin1 && a[1] is string => new ReadOnlyMemory<byte>(Encoding.Latin1.GetBytes(latin1)),
                        _ => throw Error($"malformed pickle: {global.FullName} needs bytes."),
                    };
                default:
                    throw Error($"refused: '{global.FullName}' cannot be called.");
            }
        }

        private void Build(object? target, object? state)
        {
            switch (target)
            {
                case PendingArray pending when pending.Array is null:
                    if (state is not object?[] s || s.Length != 5 || Unwrap(s[2]) is not NumpyDtype dtype || s[3] is not bool fortran)
                        throw Error("malformed pickle: numpy array state must be (version, shape, dtype, is_fortran, data).");
                    if (s[4] is not ReadOnlyMemory<byte> data)
                        throw Error($"refused: numpy array data is a {Describe(s[4])}, not raw bytes (object arrays are not accepted).");
                    pending.Array = MakeArray(dtype, Shape(s[1]), data, fortran);
                    break;
                case PendingDtype pending:
                    // (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])
                    if (state is not object?[] d || d.Length < 8 || d[1] is not string order)
                        throw Error("malformed pickle: numpy dtype state is not (version, byteorder, ...).");
                    if (d[2] is not null || d[3] is not null || d[4] is not null)
                        throw Error("refused numpy dtype: sub-arrays and structured (record) dtypes are not accepted.");
                    pending.Dtype = pending.Dtype with { LittleEndian = order != ">" && (order != "=" || BitConverter.IsLittleEndian) };
                    break;
                default:
                    throw Error($"refused: BUILD sets the state of a {Describe(target)}; only numpy arrays and dtypes accept state.");
            }
        }

        private NumpyArray MakeArray(NumpyDtype dtype, long[] shape, ReadOnlyMemory<byte> data, bool fortran)
        {
            try
            {
                return new NumpyArray(dtype, shape, data, fortran);
            }
            catch (Exception e) when (e is ArgumentException or OverflowException)
            {
                throw Error($"malformed numpy array: {e.Message}");
            }
        }

        private long[] Shape(object? value)
        {
            if (value is not object?[] dims || dims.Any(d => d is not long))
                throw Error($"malformed pickle: a numpy shape must be a tuple of integers, not a {Describe(value)}.");
            return dims.Select(d => (long)d!).ToArray();
        }

        // Pending numpy values stay on the stack and in the memo (BUILD completes them in place); anything that takes
        // them as a value (a container, an argument, the result) gets the finished array or dtype.
        private object? Unwrap(object? value) => value switch
        {
            PendingArray { Array: { } array } => array,
            PendingArray => throw Error("malformed pickle: a numpy array is used before its state was set (BUILD)."),
            PendingDtype dtype => dtype.Dtype,
            _ => value,
        };

        private object Key(object? value) => Unwrap(value) switch
        {
            null => throw Error("unsupported: None as a dict key or set item."),
            List<object?> or Dictionary<object, object?> or HashSet<object> => throw Error("malformed pickle: an unhashable dict key or set item."),
            var v => v,
        };

        private void AddPairs(Dictionary<object, object?> dict, List<object?> items)
        {
            if (items.Count % 2 != 0)
                throw Error("malformed pickle: a dict needs key-value pairs.");
            for (int i = 0; i < items.Count; i += 2)
                dict[Key(items[i])] = items[i + 1];
        }

        private void Push(object? value) => _stack.Add(value);

        private object? Pop()
        {
            if (_stack.Count == 0 || (_marks.Count > 0 && _marks[^1] == _stack.Count))
                throw Error("malformed pickle: pop from an empty stack.");
            var value = _stack[^1];
            _stack.RemoveAt(_stack.Count - 1);
            return Unwrap(value);
        }

        private object? Peek()
        {
            if (_stack.Count == 0 || ReferenceEquals(_stack[^1], Mark))
                throw Error("malformed pickle: the stack is empty.");
            return _stack[^1];
        }

        private T PeekAs<T>(string opcode) where T : class =>
            Peek() as T ?? throw Error($"malformed pickle: {opcode} on a {Describe(Peek())}.");

        private List<object?> PopToMark()
        {
            if (_marks.Count == 0)
                throw Error("malformed pickle: no MARK on the stack.");
            int mark = _marks[^1];
            _marks.RemoveAt(_marks.Count - 1);
            var items = _stack.GetRange(mark + 1, _stack.Count - mark - 1).Select(Unwrap).ToList();
            _stack.RemoveRange(mark, _stack.Count - mark);
            return items;
        }

        private object? Recall(long index) =>
            _memo.TryGetValue(index, out var value) ? value : throw Error($"malformed pickle: memo entry {index} was never stored.");

        // Bytes stay a slice of the file's buffer: a sequence's arrays are most of its file, and copying them doubled the peak memory.
        private ReadOnlyMemory<byte> ReadMemory(long count)
        {
            ReadBytes(count);
            return bytes.AsMemory(_position - (int)count, (int)count);
        }

        private ReadOnlySpan<byte> ReadBytes(long count)
        {
            if (count > bytes.Length - _position)
                throw Error($"truncated pickle: opcode {Name(bytes[_opcodeAt])} at byte {_opcodeAt} needs {count} more bytes, but the file ends at byte {bytes.Length}.");
            var span = bytes.AsSpan(_position, (int)count);
            _position += (int)count;
            return span;
        }

        private long ReadLength(int size)
        {
            long length = size == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)) : BinaryPrimitives.ReadInt64LittleEndian(ReadBytes(8));
            if (length < 0 || length > bytes.Length - _position)
                throw Error($"truncated pickle: opcode {Name(bytes[_opcodeAt])} at byte {_opcodeAt} announces {length} bytes, but only {bytes.Length - _position} remain.");
            return length;
        }

        private string ReadUtf8(long length)
        {
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(ReadBytes(length));
            }
            catch (DecoderFallbackException)
            {
                throw Error($"malformed pickle: the string at byte {_opcodeAt} is not valid UTF-8.");
            }
        }

        private string ReadLine(Encoding? encoding = null)
        {
            int end = Array.IndexOf(bytes, (byte)'\n', _position);
            if (end < 0)
                throw Error($"truncated pickle: opcode {Name(bytes[_opcodeAt])} at byte {_opcodeAt} has no end of line before the file ends.");
            string line = (encoding ?? Encoding.UTF8).GetString(bytes, _position, end - _position);
            _position = end + 1;
            return line;
        }

        // Protocol 0 text: bytes are Latin-1 except \uXXXX and \UXXXXXXXX escapes.
        private string RawUnicodeEscape(string text)
        {
            var result = new StringBuilder(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                int digits = text[i] == '\\' && i + 1 < text.Length ? text[i + 1] switch { 'u' => 4, 'U' => 8, _ => 0 } : 0;
                if (digits == 0)
                {
                    result.Append(text[i]);
                    continue;
                }
                if (i + 2 + digits > text.Length || !int.TryParse(text.AsSpan(i + 2, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code)
                    || code is < 0 or > 0x10FFFF)
                    throw Error($"malformed pickle: bad escape in the text at byte {_opcodeAt}.");
                result.Append(code is >= 0xD800 and <= 0xDFFF ? ((char)code).ToString() : char.ConvertFromUtf32(code));
                i += 1 + digits;
            }
            return result.ToString();
        }

        private object ReadLong(long length)
        {
            var value = new BigInteger(ReadBytes(length), isUnsigned: false, isBigEndian: false);
            return value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;
        }

        private object ParseTextInt(string text) => text switch
        {
            "00" => false,
            "01" => true,
            _ => ParseTextLong(text),
        };

        private object ParseTextLong(string text)
        {
            var digits = text.TrimEnd('L');
            if (!BigInteger.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                throw Error($"malformed pickle: '{text}' is not an integer.");
            return value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;
        }

        private double ParseTextFloat(string text) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                ? value
                : text switch { "nan" => double.NaN, "inf" => double.PositiveInfinity, "-inf" => double.NegativeInfinity, _ => throw Error($"malformed pickle: '{text}' is not a float.") };

        private long ParseMemoIndex(string text) =>
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long index) ? index : throw Error($"malformed pickle: memo index '{text}'.");

        private static string Describe(object? value) => value switch
        {
            null => "None",
            Global g => $"global '{g.FullName}'",
            PendingArray or NumpyArray => "numpy array",
            PendingDtype or NumpyDtype => "numpy dtype",
            _ => value.GetType().Name,
        };

        private static string Name(byte opcode) => opcode switch
        {
            0x81 => "NEWOBJ", 0x92 => "NEWOBJ_EX", 0x69 => "INST", 0x6f => "OBJ", 0x82 => "EXT1", 0x83 => "EXT2", 0x84 => "EXT4",
            _ => $"0x{opcode:x2}",
        };

        private InvalidDataException Error(string message) => new($"{source}: {message}");
    }
}
