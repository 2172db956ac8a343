"""gem5's ``OpClass`` enum (``src/cpu/FuncUnit.py``): the operation classes
functional units serve and instructions belong to."""

from sim.objects.params import Enum


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
