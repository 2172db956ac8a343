"""The in-order CPU's functional-unit pool (gem5's ``BaseMinorCPU.py``):
``MinorFUPool`` of ``MinorFU``s, each serving a ``MinorOpClassSet`` with an
operation latency, an issue latency and ``MinorFUTiming`` rules, and gem5's
``MinorDefaultFUPool`` (the CPU's default ``executeFuncUnits``). Timing rules
matching on instruction bits (``mask`` other than 0) are accepted and not
applied."""

from sim.objects.func_unit import OpClass  # noqa: F401  (registers Param.OpClass)
from sim.objects.params import Param, VectorParam
from sim.objects.simobject import SimObject


class MinorOpClass(SimObject):
    type = "MinorOpClass"
    cxx_class = "gem5::MinorOpClass"

    opClass = Param.OpClass("op class to match")


class MinorOpClassSet(SimObject):
    type = "MinorOpClassSet"
    cxx_class = "gem5::MinorOpClassSet"

    opClasses = VectorParam.MinorOpClass([], "op classes to be matched")


class MinorFUTiming(SimObject):
    type = "MinorFUTiming"
    cxx_class = "gem5::MinorFUTiming"

    mask = Param.UInt64(0, "mask for testing the instruction's bits (0: every instruction)")
    match = Param.UInt64(0, "match value: (bits & mask) == match")
    suppress = Param.Bool(False, "if true, this instruction is not executed by this unit")
    extraCommitLat = Param.Cycles(0, "extra cycles to stall commit for this instruction")
    extraAssumedLat = Param.Cycles(
        0, "extra cycles before the results count as ready in the scoreboard")
    srcRegsRelativeLats = VectorParam.Cycles(
        [], "cycles after issue each source register may still arrive (the last repeats)")
    opClasses = Param.MinorOpClassSet(
        MinorOpClassSet(), "op classes this rule applies to (empty: every class)")
    description = Param.String("", "description of the rule")


def minorMakeOpClassSet(op_classes):
    """A MinorOpClassSet of the op classes named in ``op_classes``."""
    return MinorOpClassSet(opClasses=[MinorOpClass(opClass=o) for o in op_classes])


class MinorFU(SimObject):
    type = "MinorFU"
    cxx_class = "gem5::MinorFU"

    opClasses = Param.MinorOpClassSet(MinorOpClassSet(), "operations this unit serves")
    opLat = Param.Cycles(1, "latency in cycles")
    issueLat = Param.Cycles(1, "cycles until another instruction can be issued")
    timings = VectorParam.MinorFUTiming([], "extra timing rules")
    cantForwardFromFUIndices = VectorParam.Unsigned(
        [], "units this one cannot take an early (forwarded) result from")


class MinorFUPool(SimObject):
    type = "MinorFUPool"
    cxx_class = "gem5::MinorFUPool"

    funcUnits = VectorParam.MinorFU([], "functional units")


_FLOAT_SIMD = [
    "FloatAdd", "FloatCmp", "FloatCvt", "FloatMisc", "FloatMult", "FloatMultAcc", "FloatDiv",
    "FloatSqrt", "SimdAdd", "SimdAddAcc", "SimdAlu", "SimdCmp", "SimdCvt", "SimdMisc",
    "SimdMult", "SimdMultAcc", "SimdMatMultAcc", "SimdShift", "SimdShiftAcc", "SimdDiv",
    "SimdSqrt", "SimdFloatAdd", "SimdFloatAlu", "SimdFloatCmp", "SimdFloatCvt", "SimdFloatDiv",
    "SimdFloatMisc", "SimdFloatMult", "SimdFloatMultAcc", "SimdFloatMatMultAcc",
    "SimdFloatSqrt", "SimdReduceAdd", "SimdReduceAlu", "SimdReduceCmp", "SimdFloatReduceAdd",
    "SimdFloatReduceCmp", "SimdAes", "SimdAesMix", "SimdSha1Hash", "SimdSha1Hash2",
    "SimdSha256Hash", "SimdSha256Hash2", "SimdShaSigma2", "SimdShaSigma3", "Matrix",
    "MatrixMov", "MatrixOP", "SimdExt", "SimdFloatExt", "SimdConfig",
]

_MEM = [
    "MemRead", "MemWrite", "FloatMemRead", "FloatMemWrite", "SimdUnitStrideLoad",
    "SimdUnitStrideStore", "SimdUnitStrideMaskLoad", "SimdUnitStrideMaskStore",
    "SimdStridedLoad", "SimdStridedStore", "SimdIndexedLoad", "SimdIndexedStore",
    "SimdUnitStrideFaultOnlyFirstLoad", "SimdWholeRegisterLoad", "SimdWholeRegisterStore",
]


class MinorDefaultIntFU(MinorFU):
    opClasses = minorMakeOpClassSet(["IntAlu"])
    timings = [MinorFUTiming(description="Int", srcRegsRelativeLats=[2])]
    opLat = 3


class MinorDefaultIntMulFU(MinorFU):
    opClasses = minorMakeOpClassSet(["IntMult"])
    timings = [MinorFUTiming(description="Mul", srcRegsRelativeLats=[0])]
    opLat = 3


class MinorDefaultIntDivFU(MinorFU):
    opClasses = minorMakeOpClassSet(["IntDiv"])
    issueLat = 9
    opLat = 9


class MinorDefaultFloatSimdFU(MinorFU):
    opClasses = minorMakeOpClassSet(_FLOAT_SIMD)
    timings = [MinorFUTiming(description="FloatSimd", srcRegsRelativeLats=[2])]
    opLat = 6


class MinorDefaultPredFU(MinorFU):
    opClasses = minorMakeOpClassSet(["SimdPredAlu"])
    timings = [MinorFUTiming(description="Pred", srcRegsRelativeLats=[2])]
    opLat = 3


class MinorDefaultMemFU(MinorFU):
    opClasses = minorMakeOpClassSet(_MEM)
    timings = [MinorFUTiming(description="Mem", srcRegsRelativeLats=[1], extraAssumedLat=2)]
    opLat = 1


class MinorDefaultMiscFU(MinorFU):
    opClasses = minorMakeOpClassSet(["IprAccess", "InstPrefetch"])
    opLat = 1


class MinorDefaultFUPool(MinorFUPool):
    funcUnits = [
        MinorDefaultIntFU(), MinorDefaultIntFU(), MinorDefaultIntMulFU(),
        MinorDefaultIntDivFU(), MinorDefaultFloatSimdFU(), MinorDefaultPredFU(),
        MinorDefaultMemFU(), MinorDefaultMiscFU(),
    ]
