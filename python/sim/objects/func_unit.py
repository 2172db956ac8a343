"""gem5's ``src/cpu/FuncUnit.py``: the ``OpClass`` enum (the operation classes
functional units serve and instructions belong to) and the out-of-order CPU's
functional-unit descriptions ``OpDesc`` and ``FUDesc``."""

from sim.objects.params import Enum, Param, VectorParam
from sim.objects.simobject import SimObject


class OpClass(Enum):
    vals = [
        "No_OpClass", "IntAlu", "IntMult", "IntDiv", "FloatAdd", "FloatCmp", "FloatCvt",
        "FloatMult", "FloatMultAcc", "FloatDiv", "FloatMisc", "FloatSqrt", "SimdAdd",
        "SimdAddAcc", "SimdAlu", "SimdCmp", "SimdCvt", "SimdMisc", "SimdMult", "SimdMultAcc",
        "SimdMatMultAcc", "SimdShift", "SimdShiftAcc", "SimdDiv", "SimdSqrt", "SimdFloatAdd",
        "SimdFloatAlu", "SimdFloatCmp", "SimdFloatCvt", "SimdFloatDiv", "SimdFloatMisc",
        "SimdFloatMult", "SimdFloatMultAcc", "SimdFloatMatMultAcc", "SimdFloatSqrt",
        "SimdReduceAdd", "SimdReduceAlu", "SimdReduceCmp", "SimdFloatReduceAdd",
        "SimdFloatReduceCmp", "SimdAes", "SimdAesMix", "SimdSha1Hash", "SimdSha1Hash2",
        "SimdSha256Hash", "SimdSha256Hash2", "SimdShaSigma2", "SimdShaSigma3", "SimdPredAlu",
        "Matrix", "MatrixMov", "MatrixOP", "MemRead", "MemWrite", "FloatMemRead",
        "FloatMemWrite", "IprAccess", "InstPrefetch", "SimdUnitStrideLoad",
        "SimdUnitStrideStore", "SimdUnitStrideMaskLoad", "SimdUnitStrideMaskStore",
        "SimdStridedLoad", "SimdStridedStore", "SimdIndexedLoad", "SimdIndexedStore",
        "SimdWholeRegisterLoad", "SimdWholeRegisterStore", "SimdUnitStrideFaultOnlyFirstLoad",
        "SimdUnitStrideSegmentedLoad", "SimdUnitStrideSegmentedStore", "SimdExt",
        "SimdFloatExt", "SimdConfig",
    ]


class OpDesc(SimObject):
    """One operation class a functional-unit type serves."""

    type = "OpDesc"
    cxx_class = "gem5::OpDesc"

    opClass = Param.OpClass("type of operation")
    opLat = Param.Cycles(1, "cycles until result is available")
    pipelined = Param.Bool(
        True, "the unit takes a new operation every cycle; False: not pipelined at all")


class FUDesc(SimObject):
    """A functional-unit type: ``count`` units serving the classes of ``opList``."""

    type = "FUDesc"
    cxx_class = "gem5::FUDesc"

    count = Param.Int("number of these FU's available")
    opList = VectorParam.OpDesc("operation classes for this FU type")
