"""The Assessment: one plant's results as ids, numbers, codes and knowledge-given text; never a made sentence.

Plain dataclasses: reports are rendered without loading pydantic's model machinery; the JSON schema
(`cpassess schema assessment`) and the tests' round trip go through pydantic (cpassess/jsonio.py).
"""

from .advice import (
    HORIZONS as HORIZONS,
)
from .advice import (
    PAYBACK_BASES as PAYBACK_BASES,
)
from .advice import (
    Assumption as Assumption,
)
from .advice import (
    EopTarget as EopTarget,
)
from .advice import (
    Investment as Investment,
)
from .advice import (
    Payback as Payback,
)
from .advice import (
    Problem as Problem,
)
from .advice import (
    Recommendation as Recommendation,
)
from .advice import (
    Rejected as Rejected,
)
from .advice import (
    Saving as Saving,
)
from .advice import (
    SetAside as SetAside,
)
from .advice import (
    Stage as Stage,
)
from .assessment import (
    SCHEMA_VERSION as SCHEMA_VERSION,
)
from .assessment import (
    Assessment as Assessment,
)
from .assessment import (
    AtReference as AtReference,
)
from .assessment import (
    Gap as Gap,
)
from .assessment import (
    LimitSetRef as LimitSetRef,
)
from .assessment import (
    Projection as Projection,
)
from .assessment import (
    Reference as Reference,
)
from .values import (
    Answer as Answer,
)
from .values import (
    ConditionResult as ConditionResult,
)
from .values import (
    Figure as Figure,
)
from .values import (
    IndicatorResult as IndicatorResult,
)
from .values import (
    Note as Note,
)
from .values import (
    Reason as Reason,
)
from .values import (
    TargetChange as TargetChange,
)
from .values import (
    Value as Value,
)
